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
 * failure, as docker does.
 */
public final class PushMain {
    private PushMain() {}

    public static void main(String[] args) {
        if (args.length < 4 || !args[0].equals("--root") || !(args[2].equals("tag") && args.length == 5
                || args[2].equals("push") && args.length == 4)) {
            System.err.println("usage: PushMain --root DIR tag SOURCE TARGET | --root DIR push TARGET");
            System.exit(2);
        }
        try {
            ImageStore store = new ImageStore(Path.of(args[1]));
            if (args[2].equals("tag")) {
                new ImageTagger(store).tag(args[3], args[4]);
                return;
            }
            RegistryPush.push(store, ImageReference.parse(args[3]), false, RegistryConfig.load(List.of()),
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
        } catch (RuntimeException e) {
            System.err.println("mini-docker: " + e.getMessage());
            System.exit(1);
        }
    }
}
