package dev.minidocker.image.store;

import dev.minidocker.image.Descriptor;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Platform;
import dev.minidocker.image.registry.RegistryClient;
import dev.minidocker.image.registry.ResolvedManifest;
import java.io.InputStream;

/** A registry as an {@link ImageSource}: one image reference, one platform. */
public record RegistryImageSource(RegistryClient client, ImageReference ref, Platform platform) implements ImageSource {
    @Override
    public SourceManifest resolve() {
        ResolvedManifest m = client.resolve(ref, platform);
        return new SourceManifest(m.digest(), m.manifest(), m.bytes(), m.mediaType(), m.referenceDigest());
    }

    @Override
    public byte[] fetchBlob(Descriptor blob) {
        return client.fetchBlob(ref, blob);
    }

    @Override
    public InputStream openBlob(Descriptor blob) {
        return client.openBlob(ref, blob);
    }

    @Override
    public String location() {
        return ref.registry() + "/" + ref.repository();
    }
}
