package dev.minidocker.testing;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.registry.RegistryConfig;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.ImageTagger;
import dev.minidocker.image.store.PushProgress;
import dev.minidocker.image.store.RegistryPush;
import java.nio.file.Path;
import java.util.List;

/**
 * Drives the image verbs for bench/push.sh until {@code mini-docker tag} and {@code push} exist,
 * with their arguments: {@code PushMain --root DIR tag SOURCE TARGET} and
 * {@code PushMain --root DIR push TARGET} (printing docker's lines). Exit 1 with one line on
 * failure, as docker does. {@code push TARGET N} pushes N times in this one JVM and prints each
 * push's milliseconds to stderr: what a push costs once the JVM is warm (a daemon-side push).
 */
public final class PushMain {
    private PushMain() {}

    public static void main(String[] args) {
        if (args.length < 4 || !args[0].equals("--root") || !(args[2].equals("tag") && args.length == 5
                || args[2].equals("push") && (args.length == 4 || args.length == 5))) {
            System.err.println("usage: PushMain --root DIR tag SOURCE TARGET | --root DIR push TARGET [TIMES]");
            System.exit(2);
        }
        try {
            ImageStore store = new ImageStore(Path.of(args[1]));
            if (args[2].equals("tag")) {
                new ImageTagger(store).tag(args[3], args[4]);
                return;
            }
            int times = args.length == 5 ? Integer.parseInt(args[4]) : 1;
            for (int i = 0; i < times; i++) {
                long start = System.nanoTime();
                pushOnce(store, args[3]);
                if (times > 1) System.err.println("push " + (i + 1) + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
        } catch (RuntimeException e) {
            System.err.println("mini-docker: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void pushOnce(ImageStore store, String target) {
            RegistryPush.push(store, ImageReference.parse(target), false, RegistryConfig.load(List.of()),
                    RegistryPush.DEFAULT_CONCURRENCY, new PushProgress() {
                        @Override
                        public void status(Digest layer, String status) {
                            if (!status.equals("Pushing")) System.out.println(layer.shortHex() + ": " + status);
                        }

                        @Override
                        public void pushing(Digest layer, long done, long total) {}

                        @Override
                        public void message(String line) {
                            System.out.println(line);
                        }
                    });
    }
}
