package dev.minidocker.cli;

/**
 * What scripts/make-aot-cache runs to record the registry verbs' AOT cache (JDK 25,
 * target/mini-docker-registry.aot, used by ./mini-docker for {@code pull} and {@code push}): real
 * pulls and pushes against a throwaway registry on 127.0.0.1 ({@link AotTrainingRegistry}), so the
 * HTTP client, Jackson's manifest and config types, libcrypto, the layer paths' FFM calls, gzip and
 * the upload code are loaded and linked from the cache instead of from the jar. Measured: ~0.35 s of
 * CPU less per pull than with the CLI cache; a push with nothing to upload (7 layers) ~0.38 s with
 * the CLI cache, ~0.32 s with this one. The CLI cache is trained on {@code run} and leaves these
 * classes out (and stays that way, so that {@code run} does not load them at start-up).
 *
 * <p>Usage: {@code RegistryAotTraining STORE}, STORE a scratch store root (empty or missing).
 */
public final class RegistryAotTraining {
    private RegistryAotTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: RegistryAotTraining STORE");
        Main.prepare(false); // as Main.main does, without the daemon's autostart
        try (AotTrainingRegistry registry = new AotTrainingRegistry()) {
            String pushed = registry.host() + "/pushed:latest";
            String[][] commands = {
                {"--root", args[0], "pull", registry.reference()},
                {"--root", args[0], "pull", registry.reference()},   // "Image is up to date": the no-op path
                {"--root", args[0], "tag", registry.reference(), pushed},
                {"--root", args[0], "push", pushed},   // mount refused: every layer compressed and uploaded
                {"--root", args[0], "push", pushed},   // "Layer already exists": the no-op path
            };
            for (String[] command : commands) {
                if (Main.run(command) != 0) {
                    System.err.println("aot-training: mini-docker " + String.join(" ", command) + " failed");
                    System.exit(1);
                }
            }
        }
        Main.shuttingDown(); // as Main.main ends (it loads the JDK's shutdown hook registry)
    }
}
