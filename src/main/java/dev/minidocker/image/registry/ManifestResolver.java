package dev.minidocker.image.registry;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.ImageIndex;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.Platform;
import dev.minidocker.image.UnsupportedMediaTypeException;
import java.io.IOException;
import java.util.Set;

/**
 * From a reference to one image manifest: classify what the registry sent, follow an index or
 * manifest list to the wanted platform, and refuse what we cannot use (schema1, unknown types,
 * non-JSON) with a message that says so.
 */
final class ManifestResolver {
    private static final ObjectMapper JSON = Json.MAPPER;
    /** Content types that tell nothing: the body's own mediaType field decides. */
    private static final Set<String> GENERIC = Set.of("application/json", "text/plain", "application/octet-stream");

    private final ManifestFetcher fetcher;

    ManifestResolver(ManifestFetcher fetcher) {
        this.fetcher = fetcher;
    }

    ResolvedManifest resolve(ImageReference ref, Platform platform) {
        FetchedManifest top = fetcher.fetch(ref);
        String type = classify(ref, top);
        if (MediaTypes.MANIFESTS.contains(type)) {
            return new ResolvedManifest(top.digest(), parseManifest(ref, top), top.bytes(), type, null);
        }
        ImageIndex index = parse(ref, top, ImageIndex.class);
        Descriptor chosen = index.select(platform).orElseThrow(() -> new ImageNotFoundException(
                "no matching manifest for " + platform + " in the manifest list entries of "
                        + ManifestFetcher.display(ref)));
        ImageReference pinned = ref.withDigest(chosen.digest());
        FetchedManifest m = fetcher.fetch(pinned);
        String mType = classify(pinned, m);
        if (!MediaTypes.MANIFESTS.contains(mType)) {
            throw new UnsupportedMediaTypeException("the " + platform + " entry of " + ManifestFetcher.display(ref)
                    + " is another index (" + mType + "); nested indexes are not supported");
        }
        return new ResolvedManifest(m.digest(), parseManifest(pinned, m), m.bytes(), mType, top);
    }

    /** The effective media type: one of MediaTypes.INDEXES or MediaTypes.MANIFESTS, or an exception. */
    static String classify(ImageReference ref, FetchedManifest fetched) {
        String name = ManifestFetcher.display(ref);
        JsonNode tree;
        try {
            tree = JSON.readTree(fetched.bytes());
        } catch (IOException e) {
            tree = null;
        }
        if (tree == null || !tree.isObject()) {
            throw new RegistryException("manifest for " + name + " is not valid JSON (Content-Type: "
                    + (fetched.mediaType() != null ? fetched.mediaType() : "none") + ")");
        }
        String header = fetched.mediaType();
        String body = tree.path("mediaType").asText("");
        int schemaVersion = tree.path("schemaVersion").asInt(0);
        String type;
        if (header != null && !GENERIC.contains(header)) type = header;
        else if (!body.isEmpty()) type = body;
        else if (schemaVersion == 2 && tree.has("manifests")) type = MediaTypes.OCI_INDEX;
        else if (schemaVersion == 2 && tree.has("config")) type = MediaTypes.OCI_MANIFEST;
        else type = header != null ? header : "none";
        if (MediaTypes.SCHEMA1.contains(type) || schemaVersion == 1) {
            throw new UnsupportedMediaTypeException(name
                    + " uses the deprecated Docker schema1 manifest format, which is not supported");
        }
        if (!MediaTypes.MANIFESTS.contains(type) && !MediaTypes.INDEXES.contains(type)) {
            throw new UnsupportedMediaTypeException("manifest for " + name + " has unsupported media type " + type);
        }
        return type;
    }

    private static Manifest parseManifest(ImageReference ref, FetchedManifest fetched) {
        Manifest m = parse(ref, fetched, Manifest.class);
        if (m.config() == null || m.config().digest() == null || m.layers() == null) {
            throw new RegistryException("manifest for " + ManifestFetcher.display(ref) + " has no config or no layers list");
        }
        return m;
    }

    private static <T> T parse(ImageReference ref, FetchedManifest fetched, Class<T> type) {
        try {
            return JSON.readValue(fetched.bytes(), type);
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new RegistryException("manifest for " + ManifestFetcher.display(ref) + " is malformed: "
                    + RetryingSender.describe(cause).lines().findFirst().orElse(""), e);
        }
    }
}
