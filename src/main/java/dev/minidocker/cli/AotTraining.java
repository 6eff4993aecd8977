package dev.minidocker.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What scripts/make-aot-cache runs to record the CLI's AOT cache (JDK 25): the verbs people time,
 * in one JVM, so the classes, lambdas and FFM linking of {@code run}, {@code ps}, {@code rm} and
 * {@code build} land in the cache, not only those of {@code --help}.
 *
 * <p>Usage: {@code AotTraining STORE [ROOTFS]}. STORE is a scratch store root; ROOTFS, when given
 * (root only), is a directory with a static busybox, and a real container runs from it.
 */
public final class AotTraining {
    private AotTraining() {}

    /**
     * A build context beside the store: FROM scratch, a COPY of a few files (and of ROOTFS, with a
     * RUN in it, when there is one), config-only steps.
     */
    private static String buildContext(String store, String rootfs) {
        Path dir = Path.of(store).toAbsolutePath().resolveSibling("aot-build-context");
        try {
            Files.createDirectories(dir.resolve("src"));
            for (int i = 0; i < 5; i++) Files.writeString(dir.resolve("src/f" + i), "file " + i + "\n");
            Files.writeString(dir.resolve(".dockerignore"), "**/*.tmp\n");
            StringBuilder file = new StringBuilder("ARG BASE=scratch\nFROM ${BASE} AS files\nCOPY src/ /src/\n");
            file.append("FROM scratch\n");
            if (rootfs != null) {
                Runtime.getRuntime().exec(new String[] {"cp", "-a", rootfs, dir.resolve("rootfs").toString()}).waitFor();
                file.append("COPY rootfs/ /\nRUN [\"/bin/true\"]\n");
            }
            file.append("COPY --from=files /src /app/src\nENV APP=/app\nWORKDIR /app\nLABEL aot=training\nUSER 1000\n")
                    .append("ENTRYPOINT [\"/bin/true\"]\nCMD [\"x\"]\n");
            Files.writeString(dir.resolve("Dockerfile"), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return dir.toString();
    }

    public static void main(String[] args) {
        if (args.length < 1) throw new IllegalArgumentException("usage: AotTraining STORE [ROOTFS]");
        Main.prepare(false); // as Main.main does, without the daemon's autostart
        String store = args[0];
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"--help"});
        runs.add(new String[] {"--version"});
        runs.add(new String[] {"run", "--help"});
        runs.add(new String[] {"--root", store, "images"});
        runs.add(new String[] {"--root", store, "ps", "-a"});
        if (args.length > 1) {
            String rootfs = args[1];
            runs.add(new String[] {"--root", store, "run", "--rm", "-r", rootfs, "true"});
            runs.add(new String[] {"--root", store, "run", "--name", "aot-training", "-m", "64m", "--pids-limit", "64",
                    "-r", rootfs, "true"});
            runs.add(new String[] {"--root", store, "ps", "-a"});
            runs.add(new String[] {"--root", store, "rm", "aot-training"});
        }
        // build: parser, cache keys, context hashing, layer and config writes; twice, so the cached path too
        String context = buildContext(store, args.length > 1 ? args[1] : null);
        runs.add(new String[] {"--root", store, "build", "-q", "--network", "none", "-t", "aot/training", context});
        runs.add(new String[] {"--root", store, "build", "-q", "--network", "none", "-t", "aot/training", context});
        if (args.length > 1) {
            runs.add(new String[] {"--root", store, "network", "prune"}); // the scratch store's bridge and NAT
        }
        // A verb that fails here (say, no memory controller) still trained most of its path.
        for (String[] run : runs) {
            if (Main.run(run) != 0) System.err.println("aot-training: mini-docker " + String.join(" ", run) + " failed");
        }
        Main.shuttingDown(); // as Main.main ends (it loads the JDK's shutdown hook registry)
    }
}
