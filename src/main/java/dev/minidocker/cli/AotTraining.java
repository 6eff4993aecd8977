package dev.minidocker.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What scripts/make-aot-cache runs to record the CLI's AOT cache (JDK 25): the verbs people time,
 * in one JVM, so the classes, lambdas and FFM linking of {@code run}, {@code ps} and {@code rm}
 * land in the cache, not only those of {@code --help}.
 *
 * <p>Usage: {@code AotTraining STORE [ROOTFS]}. STORE is a scratch store root; ROOTFS, when given
 * (root only), is a directory with a static busybox, and a real container runs from it.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) {
        if (args.length < 1) throw new IllegalArgumentException("usage: AotTraining STORE [ROOTFS]");
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
            runs.add(new String[] {"--root", store, "network", "prune"}); // the scratch store's bridge and NAT
        }
        // A verb that fails here (say, no memory controller) still trained most of its path.
        for (String[] run : runs) {
            if (Main.run(run) != 0) System.err.println("aot-training: mini-docker " + String.join(" ", run) + " failed");
        }
    }
}
