package dev.minidocker.cli;

/**
 * What scripts/make-aot-cache runs to record the AOT cache of a {@code run} in the CLI's own
 * process (target/mini-docker-run.aot, used by ./mini-docker for run and run-command when no daemon
 * takes them): foreground runs of an image in the store, without a network, on the default bridge,
 * and with limits. A JDK 25 AOT cache loads every class it holds at start-up, and the CLI cache also
 * holds what help, ps, images and build load (~3,500 classes): this one holds only a run's.
 *
 * <p>Usage: {@code RunAotTraining STORE IMAGE}: STORE a scratch store root holding IMAGE, whose
 * {@code true} exits 0; no daemon is started (the autostart is off in trainings).
 */
public final class RunAotTraining {
    private RunAotTraining() {}

    public static void main(String[] args) {
        if (args.length != 2) throw new IllegalArgumentException("usage: RunAotTraining STORE IMAGE");
        Main.prepare(false); // as Main.main does, without the daemon's autostart
        String store = args[0], image = args[1];
        String[][] runs = { // the first twice: a store's first run fills caches (seccomp filters) the later ones read
            {"--root", store, "run", "--rm", "--network", "none", image, "true"},
            {"--root", store, "run", "--rm", "--network", "none", image, "true"},
            {"--root", store, "run", "--rm", image, "true"},
            {"--root", store, "run", "--rm", "--network", "none", "-m", "64m", "--pids-limit", "64", "-e", "A=b",
                "-w", "/tmp", image, "true"},
        };
        for (String[] run : runs) Main.run(run); // a run that fails here still trained most of its path
        Main.shuttingDown(); // as Main.main ends (it loads the JDK's shutdown hook registry)
    }
}
