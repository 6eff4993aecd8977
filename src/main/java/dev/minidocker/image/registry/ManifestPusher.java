package dev.minidocker.image.registry;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import java.net.http.HttpRequest;
import java.util.Map;

/** PUT /v2/&lt;repo&gt;/manifests/&lt;tag&gt;: the last step of a push; every blob it names must be there. */
final class ManifestPusher {
    private final RegistryHttp http;

    ManifestPusher(RegistryHttp http) {
        this.http = http;
    }

    /** Returns the manifest's digest (computed, and checked against the registry's answer). */
    Digest put(ImageReference repo, String reference, String mediaType, byte[] manifest, String scope) {
        String path = "/v2/" + repo.repository() + "/manifests/" + reference;
        Digest digest = Digest.sha256(manifest);
        try (RegistryResponse r = http.send(repo.registry(), "PUT", path, scope, Map.of("Content-Type", mediaType),
                () -> HttpRequest.BodyPublishers.ofByteArray(manifest), "manifest " + reference, true)) {
            if (r.status() == 400 || r.status() == 404 || r.status() == 415) {
                String detail = PushFailures.dockerText(RegistryErrors.drain(r));
                throw new RegistryException("registry " + repo.registry() + " refused the manifest for "
                        + repo.familiarName() + ":" + reference + ": "
                        + (detail != null ? detail : RegistryErrors.statusLine(r.status())));
            }
            if (r.status() != 201 && r.status() != 200) throw PushFailures.of(repo, r, "PUT " + path);
            String confirmed = r.header("Docker-Content-Digest");
            if (confirmed != null && !confirmed.isBlank() && !confirmed.trim().equals(digest.toString())) {
                throw new DigestMismatchException("registry " + repo.registry() + " stored the manifest as "
                        + confirmed.trim() + ", not " + digest);
            }
        }
        return digest;
    }
}
