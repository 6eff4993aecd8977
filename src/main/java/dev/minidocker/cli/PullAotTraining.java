package dev.minidocker.cli;

/**
 * What scripts/make-aot-cache runs to record {@code pull}'s own AOT cache (JDK 25,
 * target/mini-docker-pull.aot, used by ./mini-docker for the {@code pull} verb only): a real pull
 * from a throwaway registry on 127.0.0.1 ({@link AotTrainingRegistry}), so the HTTP client,
 * Jackson's manifest and config types, libcrypto and the layer path's FFM calls are loaded and
 * linked from the cache instead of from the jar. Measured with the benchmark image: ~0.35 s of CPU
 * less per pull than with the CLI cache, which is trained on {@code run} and leaves pull's
 * classes out (and stays that way, so that {@code run} does not load pull's classes at start-up).
 *
 * <p>Usage: {@code PullAotTraining STORE}, STORE a scratch store root (empty or missing).
 */
public final class PullAotTraining {
    private PullAotTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: PullAotTraining STORE");
        try (AotTrainingRegistry registry = new AotTrainingRegistry()) {
            String[][] pulls = {
                {"--root", args[0], "pull", registry.reference()},
                {"--root", args[0], "pull", registry.reference()},   // "Image is up to date": the no-op path
            };
            for (String[] pull : pulls) {
                if (Main.run(pull) != 0) {
                    System.err.println("aot-training: mini-docker " + String.join(" ", pull) + " failed");
                    System.exit(1);
                }
            }
        }
    }
}
