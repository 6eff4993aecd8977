package dev.minidocker.image.registry;

import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageReference;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * POST /v2/&lt;repo&gt;/blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;other repo&gt;: a
 * cross-repository mount, the registry linking a blob it holds for another repository. 201:
 * mounted. 202: the registry would not (unknown blob, no pull right on the source) and opened an
 * upload session instead, whose Location the caller uses for the upload.
 */
final class BlobMounter {
    /** {@code uploadLocation} is set when the mount was refused and an upload session opened instead. */
    record Outcome(boolean mounted, String uploadLocation) {}

    private final RegistryHttp http;

    BlobMounter(RegistryHttp http) {
        this.http = http;
    }

    Outcome mount(ImageReference repo, Digest digest, String fromRepository, String scope) {
        String path = "/v2/" + repo.repository() + "/blobs/uploads/?mount=" + enc(digest.toString())
                + "&from=" + enc(fromRepository);
        try (RegistryResponse r = http.send(repo.registry(), "POST", path, scope, Map.of(), null,
                "mount of blob " + digest.shortHex(), true)) {
            if (r.status() == 201) return new Outcome(true, null);
            if (r.status() == 202) return new Outcome(false, r.header("Location"));
            throw PushFailures.of(repo, r, "POST /v2/" + repo.repository() + "/blobs/uploads/?mount=");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
