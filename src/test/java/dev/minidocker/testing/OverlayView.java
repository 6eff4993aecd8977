package dev.minidocker.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Test oracle: the kernel's own view of extracted layers. Stacks layer directories read-only with
 * {@code mount -t overlay} (mount(8), not product code), hands the merged view to a function and
 * always unmounts. Needs root and at least two layers (overlayfs without an upper dir needs two).
 */
public final class OverlayView {
    private OverlayView() {}

    public static <T> T with(List<Path> layersBottomFirst, Path mountPoint, Function<Path, T> body) {
        StringBuilder lower = new StringBuilder();
        for (int i = layersBottomFirst.size() - 1; i >= 0; i--) {   // overlay lists the top layer first
            if (!lower.isEmpty()) lower.append(':');
            lower.append(layersBottomFirst.get(i));
        }
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new IllegalStateException("create " + mountPoint + ": " + e.getMessage(), e);
        }
        Tools.run("mount", "-t", "overlay", "overlay", "-o", "ro,lowerdir=" + lower, mountPoint.toString());
        try {
            return body.apply(mountPoint);
        } finally {
            Tools.run("umount", mountPoint.toString());
        }
    }
}
