package dev.minidocker.image.store;

import dev.minidocker.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Turns a layer stream into a directory: decompression plus tar application. The real one
 * wraps the layer package's Decompression and LayerApplier; tests use a fake.
 */
public interface LayerWriter {
    InputStream decompress(InputStream compressed, MediaTypes.Compression compression) throws IOException;

    /** Applies the uncompressed tar into {@code targetDir} (empty, existing). */
    void apply(InputStream uncompressedTar, Path targetDir) throws IOException;
}
