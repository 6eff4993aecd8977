package dev.minidocker.image.registry;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import java.util.Map;

/** HEAD /v2/&lt;repo&gt;/blobs/&lt;digest&gt;: does the repository have the blob already? */
final class BlobChecker {
    private final RegistryHttp http;

    BlobChecker(RegistryHttp http) {
        this.http = http;
    }

    boolean exists(ImageReference repo, Digest digest, String scope) {
        String path = "/v2/" + repo.repository() + "/blobs/" + digest;
        try (RegistryResponse r = http.send(repo.registry(), "HEAD", path, scope, Map.of(), null,
                "blob " + digest.shortHex(), true)) {
            if (r.status() == 200) return true;
            if (r.status() == 404) return false;
            throw PushFailures.of(repo, r, "HEAD " + path);
        }
    }
}
