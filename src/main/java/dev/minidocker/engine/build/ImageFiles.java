package dev.minidocker.engine.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Read-only questions about an image's merged file tree, answered from its extracted layers
 * without mounting them (top layer first; an OverlayFS whiteout, a 0:0 character device, hides
 * the path below it): does a directory exist (WORKDIR, COPY's destination), and the uid/gid of a
 * user or group name in /etc/passwd and /etc/group (--chown, docker's lookup).
 */
final class ImageFiles {
    private final List<Path> layersBottomFirst;

    ImageFiles(List<Path> layersBottomFirst) {
        this.layersBottomFirst = layersBottomFirst;
    }

    /** The path as the merged tree has it, or null when absent or whited out. */
    Path top(String absolute) {
        String rel = absolute.replaceAll("^/+", "");
        if (rel.isEmpty()) return layersBottomFirst.isEmpty() ? null : layersBottomFirst.get(layersBottomFirst.size() - 1);
        for (int i = layersBottomFirst.size() - 1; i >= 0; i--) {
            Path p = layersBottomFirst.get(i).resolve(rel);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
            if (isWhiteout(p)) return null;
            return p;
        }
        return null;
    }

    boolean isDirectory(String absolute) {
        if (absolute.equals("/") || absolute.isEmpty()) return true;
        Path p = top(absolute);
        return p != null && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    boolean exists(String absolute) {
        return absolute.equals("/") || top(absolute) != null;
    }

    /** uid of {@code user} (a number, or a name in /etc/passwd). */
    int uid(String user) {
        return id(user, "/etc/passwd", "user");
    }

    /** gid of {@code group} (a number, or a name in /etc/group). */
    int gid(String group) {
        return id(group, "/etc/group", "group");
    }

    /** The primary gid of a user name or uid from /etc/passwd, or the uid itself when unknown. */
    int primaryGid(String user) {
        Path passwd = top("/etc/passwd");
        if (passwd != null) {
            for (String line : lines(passwd)) {
                String[] f = line.split(":");
                if (f.length > 3 && (f[0].equals(user) || f[2].equals(user))) return Integer.parseInt(f[3]);
            }
        }
        if (user.matches("[0-9]+")) return Integer.parseInt(user);
        throw new dev.minidocker.InvalidArgumentException("unable to convert uid/gid chown string to host mapping: no such user: " + user);
    }

    private int id(String name, String file, String what) {
        if (name.matches("[0-9]+")) return Integer.parseInt(name);
        Path f = top(file);
        if (f != null) {
            for (String line : lines(f)) {
                String[] parts = line.split(":");
                if (parts.length > 2 && parts[0].equals(name)) return Integer.parseInt(parts[2]);
            }
        }
        throw new dev.minidocker.InvalidArgumentException("unable to convert uid/gid chown string to host mapping: "
                + "can't find uid for " + what + " " + name + ": no such " + what + ": " + name);
    }

    /**
     * Copies {@code absolute}'s subtree as the merged tree has it (layers bottom first, whiteouts
     * deleting what is below) to {@code into/<its name>}, owners and modes kept; returns that path.
     */
    Path materialize(String absolute, Path into) throws IOException {
        String rel = absolute.replaceAll("^/+", "").replaceAll("/+$", "");
        if (!exists("/" + rel)) {
            throw new dev.minidocker.InvalidArgumentException("COPY failed: stat " + absolute + ": file does not exist");
        }
        Path target = into.resolve(rel.isEmpty() ? "root" : Path.of(rel).getFileName().toString());
        for (Path layer : layersBottomFirst) {
            Path from = rel.isEmpty() ? layer : layer.resolve(rel);
            if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) continue;
            if (isWhiteout(from)) {
                CopyStep.deleteTree(target);
                continue;
            }
            try (java.util.stream.Stream<Path> s = Files.walk(from)) {
                for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                    Path to = p.equals(from) ? target : target.resolve(from.relativize(p).toString());
                    if (isWhiteout(p)) {
                        CopyStep.deleteTree(to);
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                            CopyStep.deleteTree(to);
                            Files.createDirectory(to);
                        }
                        Files.setAttribute(to, "unix:mode", (Integer) Files.getAttribute(p, "unix:mode") & 07777);
                        Files.setAttribute(to, "unix:uid", Files.getAttribute(p, "unix:uid"));
                        Files.setAttribute(to, "unix:gid", Files.getAttribute(p, "unix:gid"));
                    } else {
                        if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) CopyStep.deleteTree(to);
                        Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
        return target;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean isWhiteout(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            return (mode & 0170000) == 0020000 && ((Long) a.get("rdev")) == 0L;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
