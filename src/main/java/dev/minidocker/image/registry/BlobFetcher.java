package dev.minidocker.image.registry;

import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

/** GET /v2/&lt;repo&gt;/blobs/&lt;digest&gt;: as a stream (layers) or fully read and verified (config). */
final class BlobFetcher {
    /** Configs are KiB; a blob we keep in memory must stay far below the heap. */
    static final long MAX_IN_MEMORY = 64L << 20;

    private final RegistryHttp http;

    BlobFetcher(RegistryHttp http) {
        this.http = http;
    }

    static String describe(ImageReference repo, Descriptor blob) {
        return "blob " + blob.digest() + " from " + repo.familiarName();
    }

    InputStream open(ImageReference repo, Descriptor blob) {
        String path = "/v2/" + repo.repository() + "/blobs/" + blob.digest();
        String what = describe(repo, blob);
        RegistryResponse r = http.get(repo.registry(), path, ManifestFetcher.scope(repo), null, what, null);
        if (r.ok()) return r.body();
        if (r.status() == 401 || r.status() == 403) {
            r.close();
            throw ManifestFetcher.accessDenied(repo);
        }
        if (r.status() == 404) {
            String msg = RegistryErrors.message(RegistryErrors.drain(r));
            throw new ImageNotFoundException(what + " not found" + (msg != null ? ": " + msg : ""));
        }
        throw RegistryErrors.unexpected(repo.registry(), r, "GET " + path);
    }

    byte[] fetch(ImageReference repo, Descriptor blob) {
        String what = describe(repo, blob);
        long limit = blob.size() > 0 ? blob.size() : MAX_IN_MEMORY;
        if (limit > MAX_IN_MEMORY) {
            throw new RegistryException(what + " is " + blob.size() + " bytes, too large to fetch into memory");
        }
        byte[] bytes;
        try (InputStream in = open(repo, blob)) {
            bytes = in.readNBytes((int) limit + 1);
        } catch (IOException e) {
            throw new RegistryException("read " + what + ": " + RetryingSender.describe(e), e);
        }
        if (blob.size() > 0 && bytes.length != blob.size()) {
            throw new DigestMismatchException(what + " is " + (bytes.length > limit ? "larger than" : bytes.length + " bytes, not")
                    + " the " + blob.size() + " bytes its descriptor says");
        }
        Digest actual = new Digest(blob.digest().algorithm(), HexFormat.of().formatHex(blob.digest().newHasher().digest(bytes)));
        if (!actual.equals(blob.digest())) {
            throw new DigestMismatchException(what + " has digest " + actual + ": the registry sent corrupt or wrong content");
        }
        return bytes;
    }
}
