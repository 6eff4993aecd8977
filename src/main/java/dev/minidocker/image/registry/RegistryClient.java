package dev.minidocker.image.registry;

import dev.minidocker.model.RegistryCredentials;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Platform;
import java.io.InputStream;

/**
 * The HTTP side of {@code pull}: manifests and blobs from any OCI distribution registry, with
 * Docker's auth flow, retries and redirect rules. Thread-safe: one client serves parallel blob
 * downloads over a shared HttpClient and token cache.
 */
public final class RegistryClient implements AutoCloseable {
    private final RegistryHttp http;
    private final ManifestFetcher manifests;
    private final ManifestResolver resolver;
    private final BlobFetcher blobs;

    public RegistryClient(RegistryConfig config) {
        this.http = new RegistryHttp(config);
        this.manifests = new ManifestFetcher(http);
        this.resolver = new ManifestResolver(manifests);
        this.blobs = new BlobFetcher(http);
    }

    /**
     * GET /v2/&lt;repo&gt;/manifests/&lt;tag|digest&gt; with {@link dev.minidocker.image.MediaTypes#MANIFEST_ACCEPT};
     * verifies the digest when {@code ref} has one, else computes it from the bytes (checking a
     * Docker-Content-Digest header against them).
     */
    public FetchedManifest fetchManifest(ImageReference ref) {
        return manifests.fetch(ref);
    }

    /**
     * Resolves {@code ref} to one image manifest, following an index or manifest list to
     * {@code platform} (attestation entries skipped); rejects schema1, unknown media types and non-JSON.
     */
    public ResolvedManifest resolve(ImageReference ref, Platform platform) {
        return resolver.resolve(ref, platform);
    }

    /**
     * The raw (compressed) bytes of a blob, streaming. Redirects are followed without the
     * Authorization header when they leave the registry; failures before the body starts are
     * retried; a read that sees no byte for the read timeout throws a SocketTimeoutException.
     * The caller verifies the digest and closes the stream.
     */
    public InputStream openBlob(ImageReference repo, Descriptor blob) {
        return blobs.open(repo, blob);
    }

    /** A small blob (a config), fetched fully; its size and digest are verified. */
    public byte[] fetchBlob(ImageReference repo, Descriptor blob) {
        return blobs.fetch(repo, blob);
    }

    /**
     * Checks credentials against the registry's /v2/ endpoint with the same challenge flow a pull
     * uses. Throws AccessDeniedException when the registry refuses them.
     *
     * @param registry the registry as references name it ({@code docker.io}, {@code 127.0.0.1:5000})
     */
    public void verifyLogin(String registry, RegistryCredentials credentials) {
        String what = "API version check of " + registry;
        try (RegistryResponse r = http.get(registry, "/v2/", null, null, what, credentials)) {
            if (r.ok()) return;
            if (r.status() == 401 || r.status() == 403) {
                String msg = RegistryErrors.message(RegistryErrors.drain(r));
                throw new AccessDeniedException("login to " + registry + " as " + credentials.username() + " failed: "
                        + (msg != null ? msg : "unauthorized: incorrect username or password"));
            }
            throw RegistryErrors.unexpected(registry, r, "GET /v2/");
        }
    }

    /**
     * The calls of a push to {@code target}'s repository; {@code mountSources} are repositories
     * of the same registry that blobs may be mounted from (they join the token's scope).
     */
    public PushSession push(ImageReference target, java.util.Collection<String> mountSources) {
        return new PushSession(http, target, mountSources);
    }

    @Override
    public void close() {
        http.close();
    }
}
