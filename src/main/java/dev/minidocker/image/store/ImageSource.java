package dev.minidocker.image.store;

import dev.minidocker.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where an image's manifest and blobs come from: a registry (see RegistryImageSource) or an
 * archive being loaded. The puller verifies everything it gets, so a source need not.
 */
public interface ImageSource {
    /** The platform manifest: its digest, parsed form, exact bytes and media type. */
    SourceManifest resolve();

    /** A small blob (the config), fully read. */
    byte[] fetchBlob(Descriptor blob) throws IOException;

    /** A layer blob's raw (compressed) bytes as a stream; each call starts from the beginning. */
    InputStream openBlob(Descriptor blob) throws IOException;

    /** "registry/repository" the blobs come from, remembered for cross-repository mounts; null for archives. */
    default String location() {
        return null;
    }
}
