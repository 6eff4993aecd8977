package dev.minidocker.image.archive;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageIndex;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.UnsupportedMediaTypeException;
import dev.minidocker.image.store.SourceManifest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The images of an OCI image layout archive: index.json, then (nested indexes) down to manifests. */
final class OciArchive {
    private OciArchive() {}

    static final String CONTAINERD_NAME = "io.containerd.image.name";
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** {@code dockerNames}: config digest -> RepoTags from a manifest.json that sits alongside. */
    static List<ArchiveImageSource> images(ArchiveIndex archive, Map<String, List<ImageReference>> dockerNames)
            throws IOException {
        ImageIndex index = ImageLoader.parseIndex(archive.read("index.json"));
        if (index.manifests() == null || index.manifests().isEmpty()) {
            throw new MiniDockerException("index.json lists no images");
        }
        List<ArchiveImageSource> out = new ArrayList<>();
        for (Descriptor top : index.manifests()) {
            SourceManifest resolved = resolve(archive, top, 0);
            List<ImageReference> names = new ArrayList<>();
            List<ImageReference> fromDocker = dockerNames.get(resolved.manifest().config().digest().toString());
            if (fromDocker != null) {
                names.addAll(fromDocker);
            } else if (top.annotations() != null) {
                ImageReference n = ImageLoader.parseNameOrNull(top.annotations().get(CONTAINERD_NAME));
                if (n == null) n = ImageLoader.parseNameOrNull(top.annotations().get(REF_NAME));
                if (n != null && n.tag() != null) names.add(n);
            }
            out.add(new ArchiveImageSource(archive, resolved, Map.of(), names));
        }
        return out;
    }

    /** Follows indexes down to the manifest for this platform. */
    private static SourceManifest resolve(ArchiveIndex archive, Descriptor d, int depth) throws IOException {
        if (depth > 4) throw new MiniDockerException("OCI archive: indexes nested too deeply");
        byte[] bytes = archive.read(blobPath(d.digest()));
        Digest actual = Digest.sha256(bytes);
        if (!actual.equals(d.digest())) {
            throw new dev.minidocker.image.store.CorruptContentException("manifest " + d.digest().shortHex()
                    + ": digest mismatch (got " + actual + ")");
        }
        String type = d.mediaType();
        if (type == null) type = ImageLoader.JSON.readTree(bytes).path("mediaType").asText(null);
        if (type != null && MediaTypes.INDEXES.contains(type)) {
            ImageIndex nested = ImageLoader.parseIndex(bytes);
            Descriptor chosen = nested.select(ImageLoader.host()).orElseThrow(() -> new MiniDockerException(
                    "OCI archive has no image for " + ImageLoader.host()));
            return resolve(archive, chosen, depth + 1);
        }
        if (type != null && !MediaTypes.MANIFESTS.contains(type)) {
            throw new UnsupportedMediaTypeException("unsupported manifest media type in archive: " + type);
        }
        Manifest m = ImageLoader.JSON.readValue(bytes, Manifest.class);
        return new SourceManifest(d.digest(), m, bytes, type != null ? type : MediaTypes.OCI_MANIFEST);
    }

    static String blobPath(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }
}
