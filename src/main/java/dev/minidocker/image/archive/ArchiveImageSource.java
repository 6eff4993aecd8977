package dev.minidocker.image.archive;

import dev.minidocker.image.Descriptor;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.store.ImageSource;
import dev.minidocker.image.store.SourceManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One image inside an archive, served like a registry would: the puller verifies every digest,
 * DiffID and size exactly as for a pull.
 *
 * @param blobPaths the archive member holding each blob, by digest string
 * @param names     the references the archive gives this image (may be empty)
 */
record ArchiveImageSource(ArchiveIndex archive, SourceManifest resolved, Map<String, String> blobPaths,
                          List<ImageReference> names) implements ImageSource {

    @Override
    public SourceManifest resolve() {
        return resolved;
    }

    @Override
    public byte[] fetchBlob(Descriptor blob) throws IOException {
        return archive.read(path(blob));
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return archive.open(path(blob));
    }

    private String path(Descriptor blob) {
        String p = blobPaths.get(blob.digest().toString());
        return p != null ? p : "blobs/" + blob.digest().algorithm() + "/" + blob.digest().hex();
    }
}
