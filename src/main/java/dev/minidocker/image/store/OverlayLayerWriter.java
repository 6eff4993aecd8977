package dev.minidocker.image.store;

import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.layer.Decompression;
import dev.minidocker.image.layer.LayerApplier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** The real {@link LayerWriter}: the layer package's decompression and safe tar application. */
public final class OverlayLayerWriter implements LayerWriter {
    private final LayerApplier applier = new LayerApplier();

    @Override
    public InputStream decompress(InputStream compressed, MediaTypes.Compression compression) throws IOException {
        return Decompression.open(compressed, compression);
    }

    @Override
    public void apply(InputStream uncompressedTar, Path targetDir) throws IOException {
        applier.apply(uncompressedTar, targetDir);
    }
}
