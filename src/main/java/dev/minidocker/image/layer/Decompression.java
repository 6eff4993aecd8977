package dev.minidocker.image.layer;

import dev.minidocker.image.MediaTypes;
import io.airlift.compress.v3.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Streaming decompression of a layer blob. gzip uses the JDK's zlib binding (multi-member
 * streams are read through, as pigz and some registries produce them); zstd uses aircompressor's
 * pure-Java decoder, so mini-docker needs no JNI library.
 */
public final class Decompression {
    private static final int GZIP_BUFFER = 1 << 16;

    private Decompression() {}

    /** gzip, zstd or none, from {@link MediaTypes.Compression}; streaming. */
    public static InputStream open(InputStream compressed, MediaTypes.Compression c) throws IOException {
        return switch (c) {
            case NONE -> compressed;
            case GZIP -> new GZIPInputStream(compressed, GZIP_BUFFER);
            case ZSTD -> new ZstdInputStream(compressed);
        };
    }
}
