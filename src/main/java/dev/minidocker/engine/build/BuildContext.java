package dev.minidocker.engine.build;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.image.dockerfile.DockerIgnore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The build context: a directory and its {@code .dockerignore}. Sources of COPY/ADD are resolved
 * in it (cleaned, never above it: Docker's "forbidden path outside the build context"; wildcards
 * with filepath.Match's rules; ignored files are invisible) and hashed for the cache: names,
 * modes, owners, link targets and bytes.
 */
public final class BuildContext {
    private final Path root;
    private final DockerIgnore ignore;

    public BuildContext(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path ignoreFile = this.root.resolve(".dockerignore");
        try {
            this.ignore = Files.isRegularFile(ignoreFile) ? DockerIgnore.parse(Files.readString(ignoreFile)) : DockerIgnore.NONE;
        } catch (IOException e) {
            throw new MiniDockerException("read " + ignoreFile + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Whether {@code relative} (to the context) is excluded by .dockerignore. */
    public boolean excluded(String relative) {
        return ignore.excluded(relative);
    }

    /** The files a COPY/ADD source names (several with a wildcard), checked to exist and be inside the context. */
    public List<Path> resolve(String instruction, String source) {
        String cleaned = cleanRelative(source);
        if (cleaned == null) {
            throw new InvalidArgumentException(instruction + " failed: forbidden path outside the build context: " + source + " ()");
        }
        List<Path> out = new ArrayList<>();
        if (hasWildcard(cleaned)) {
            int slash = cleaned.lastIndexOf('/');
            Path dir = slash < 0 ? root : root.resolve(cleaned.substring(0, slash));
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + cleaned.substring(slash + 1));
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !hasWildcard(root.relativize(dir).toString())) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                    for (Path p : s) if (m.matches(p.getFileName()) && !excluded(relative(p))) out.add(p);
                } catch (IOException e) {
                    throw new MiniDockerException("read " + dir + ": " + e.getMessage(), e);
                }
            }
            out.sort(null);
        } else {
            Path p = cleaned.isEmpty() ? root : root.resolve(cleaned);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && (cleaned.isEmpty() || !excluded(cleaned))) out.add(p);
        }
        if (out.isEmpty()) {
            throw new InvalidArgumentException(instruction + " failed: file not found in build context or excluded by "
                    + ".dockerignore: stat " + cleaned + ": file does not exist");
        }
        return out;
    }

    /** Context-relative '/' path of {@code p}. */
    public String relative(Path p) {
        return root.relativize(p).toString();
    }

    /** A directory's entries that .dockerignore keeps, sorted, walked without following links. */
    public List<Path> walk(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> out = new ArrayList<>();
            s.sorted().forEach(p -> {
                if (p.equals(dir) || p.equals(root) || !excluded(relative(p))) out.add(p);
            });
            return out;
        } catch (IOException e) {
            throw new MiniDockerException("read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** sha256 over every file the sources bring: relative name, mode, owner, size, link target, bytes. */
    public String hash(List<Path> sources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (Path source : sources) {
                for (Path p : Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS) ? walk(source) : List.of(source)) {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
                    md.update((relative(p) + "\0" + a.get("mode") + "\0" + a.get("uid") + ":" + a.get("gid") + "\0"
                            + a.get("size") + "\0").getBytes());
                    if (Files.isSymbolicLink(p)) {
                        md.update(Files.readSymbolicLink(p).toString().getBytes());
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        try (InputStream in = Files.newInputStream(p)) {
                            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new MiniDockerException("hash the build context: " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path cleaned and relative to the context; null when it climbs above it. */
    static String cleanRelative(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }
}
