package dev.minidocker.image.registry;

import dev.minidocker.image.Digest;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob still being written (a layer being compressed), uploaded as it grows: its size and
 * digest are known only once it is complete, which the chunked upload protocol allows (the
 * digest comes with the final PUT).
 */
public interface GrowingBlobContent {
    /**
     * Blocks until at least {@code bytes} bytes exist or the blob is complete; returns how many
     * exist. Throws when the writer failed.
     */
    long await(long bytes) throws IOException;

    /** True once every byte is written; {@link #digest} is then known. */
    boolean isComplete();

    Digest digest();

    /** {@code length} bytes from {@code offset} (all of them written already, none of them {@link #sent}). */
    InputStream open(long offset, long length) throws IOException;

    /** The bytes before {@code offset} are at the registry: they will not be read again. */
    void sent(long offset);
}
