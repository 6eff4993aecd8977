package dev.minidocker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test images from {@code images/<name>/build.sh}, built on first use into
 * {@code target/test-images/<name>} and reused while the recipes are unchanged (a stamp holds the
 * sha256 of the recipe files). The recipes are reproducible, so a rebuild gives the same digests.
 */
public final class TestImages {
    public static final String TAG = "latest";

    private TestImages() {}

    /** One layer: Debian's static busybox, applet links, passwd/group (root, app 1000, nobody). */
    public static Path busybox() {
        return build("busybox");
    }

    /** busybox + three layers of whiteouts, opaque dirs, hardlinks, setuid, a FIFO, symlinks. */
    public static Path multilayer() {
        return build("multilayer");
    }

    /** ~290 MB: busybox + 200 MiB of random bytes + five 15 MiB text layers (for benchmarks). */
    public static Path big() {
        return build("big");
    }

    /** The project checkout (where images/ lives), found upward from the working directory. */
    public static Path projectRoot() {
        Path p = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("images/lib")) && Files.exists(q.resolve("pom.xml"))) return q;
        }
        throw new IllegalStateException("cannot find the project's images/ directory above " + p);
    }

    public static synchronized Path build(String name) {
        Path root = projectRoot();
        Path recipe = root.resolve("images").resolve(name).resolve("build.sh");
        if (!Files.isRegularFile(recipe)) throw new IllegalArgumentException("no image recipe " + recipe);
        Path out = root.resolve("target/test-images").resolve(name);
        String stamp = recipeHash(root, name);
        Path stampFile = out.resolve(".recipe-sha256");
        try {
            if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) return out;
            Files.createDirectories(out.getParent());
            Path tmp = out.resolveSibling(name + ".tmp-" + ProcessHandle.current().pid());
            Tools.deleteTree(tmp);
            Tools.run(List.of("bash", recipe.toString(), tmp.toString(), TAG), 900);
            Files.writeString(tmp.resolve(".recipe-sha256"), stamp);
            Tools.deleteTree(out);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("build test image " + name + ": " + e.getMessage(), e);
        }
    }

    private static String recipeHash(Path root, String name) {
        try (Stream<Path> lib = Files.list(root.resolve("images/lib"))) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Path> files = Stream.concat(Stream.of(root.resolve("images").resolve(name).resolve("build.sh")),
                    lib.sorted()).toList();
            for (Path f : files) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(f)) {
                    md.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("hash image recipe " + name + ": " + e.getMessage(), e);
        }
    }
}
