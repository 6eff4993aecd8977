package dev.minidocker.image.archive;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageIndex;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.InvalidReferenceException;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.Platform;
import dev.minidocker.image.store.CorruptContentException;
import dev.minidocker.image.store.ImagePuller;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.LayerWriter;
import dev.minidocker.image.store.PullProgress;
import dev.minidocker.image.store.PullResult;
import dev.minidocker.image.store.SourceManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code load}: imports every image of a Docker archive ({@code manifest.json}) or OCI archive
 * ({@code oci-layout} + {@code index.json}) through the same verified path as a pull.
 */
public final class ImageLoader {
    static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern HEX = Pattern.compile("([a-f0-9]{64})");

    /** One entry of a Docker archive's manifest.json. */
    record DockerEntry(@com.fasterxml.jackson.annotation.JsonProperty("Config") String config,
                       @com.fasterxml.jackson.annotation.JsonProperty("RepoTags") List<String> repoTags,
                       @com.fasterxml.jackson.annotation.JsonProperty("Layers") List<String> layers) {}

    private final ImageStore store;
    private final LayerWriter writer;

    public ImageLoader(ImageStore store, LayerWriter writer) {
        this.store = store;
        this.writer = writer;
    }

    /** Loads all images; returns Docker's lines ("Loaded image: busybox:latest"). */
    public List<String> load(Path archiveFile) throws IOException {
        ArchiveIndex archive = new ArchiveIndex(archiveFile);
        List<ArchiveImageSource> images;
        if (archive.has("index.json")) {
            images = OciArchive.images(archive, dockerNames(archive));
        } else if (archive.has("manifest.json")) {
            images = dockerImages(archive);
        } else {
            throw new MiniDockerException(archiveFile.getFileName()
                    + " is neither a Docker image archive (manifest.json) nor an OCI archive (index.json)");
        }
        List<String> out = new ArrayList<>();
        ImagePuller puller = new ImagePuller(store, writer, 2, PullProgress.QUIET);
        for (ArchiveImageSource img : images) {
            if (img.names().isEmpty()) {
                PullResult r = puller.importImage(null, img, false);
                out.add("Loaded image ID: " + r.imageId());
            }
            for (ImageReference name : img.names()) {
                puller.importImage(name, img, false);
                out.add("Loaded image: " + name.familiarName() + ":" + name.tag());
            }
        }
        return out;
    }

    /** Config digest -> RepoTags, from a manifest.json if the archive has one (Docker's save does). */
    private static Map<String, List<ImageReference>> dockerNames(ArchiveIndex archive) throws IOException {
        Map<String, List<ImageReference>> names = new HashMap<>();
        if (!archive.has("manifest.json")) return names;
        for (DockerEntry e : readDockerManifest(archive)) {
            Matcher m = HEX.matcher(e.config());
            if (m.find()) names.put("sha256:" + m.group(1), parseNames(e.repoTags()));
        }
        return names;
    }

    private static List<DockerEntry> readDockerManifest(ArchiveIndex archive) throws IOException {
        return JSON.readValue(archive.read("manifest.json"), new TypeReference<List<DockerEntry>>() {});
    }

    static List<ImageReference> parseNames(List<String> tags) {
        List<ImageReference> out = new ArrayList<>();
        if (tags != null) for (String t : tags) out.add(ImageReference.parse(t));
        return out;
    }

    private static List<ArchiveImageSource> dockerImages(ArchiveIndex archive) throws IOException {
        List<ArchiveImageSource> out = new ArrayList<>();
        for (DockerEntry e : readDockerManifest(archive)) {
            if (e.config() == null || e.layers() == null) throw new MiniDockerException("manifest.json entry without Config or Layers");
            Map<String, String> paths = new HashMap<>();
            byte[] config = archive.read(e.config());
            Digest configDigest = Digest.sha256(config);
            checkNamedDigest(e.config(), configDigest, "image config");
            paths.put(configDigest.toString(), e.config());
            List<Descriptor> layers = new ArrayList<>();
            for (String layerPath : e.layers()) {
                Descriptor d = describeLayer(archive, layerPath);
                checkNamedDigest(layerPath, d.digest(), "layer");
                paths.put(d.digest().toString(), layerPath);
                layers.add(d);
            }
            // Docker archives carry no manifest: make the one a registry would have served.
            Manifest m = new Manifest(2, MediaTypes.OCI_MANIFEST,
                    new Descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length), layers, null);
            byte[] bytes = JSON.writeValueAsBytes(m);
            out.add(new ArchiveImageSource(archive, new SourceManifest(Digest.sha256(bytes), m, bytes,
                    MediaTypes.OCI_MANIFEST), paths, parseNames(e.repoTags())));
        }
        return out;
    }

    /** {@code blobs/sha256/<hex>} and {@code <hex>.json} promise a digest: hold them to it. */
    private static void checkNamedDigest(String path, Digest actual, String what) {
        Matcher m = HEX.matcher(path);
        boolean named = path.contains("blobs/sha256/") || path.matches("[a-f0-9]{64}\\.json");
        if (named && m.find()) {
            if (!m.group(1).equals(actual.hex())) {
                throw new CorruptContentException(what + " " + path + ": digest mismatch (got " + actual + ")");
            }
        }
    }

    /** Hashes a layer member once to learn its digest, size and compression (by magic bytes). */
    private static Descriptor describeLayer(ArchiveIndex archive, String path) throws IOException {
        MessageDigest md = Digest.newSha256();
        byte[] head = new byte[4];
        int headLen = 0;
        long size = 0;
        try (InputStream in = archive.open(path)) {
            byte[] buf = new byte[256 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (headLen < 4) {
                    int k = Math.min(4 - headLen, n);
                    System.arraycopy(buf, 0, head, headLen, k);
                    headLen += k;
                }
                md.update(buf, 0, n);
                size += n;
            }
        }
        String type = headLen >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b ? MediaTypes.OCI_LAYER_GZIP
                : headLen == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                  && (head[3] & 0xff) == 0xfd ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.OCI_LAYER;
        return new Descriptor(type, new Digest("sha256", HexFormat.of().formatHex(md.digest())), size);
    }

    static ImageReference parseNameOrNull(String s) {
        if (s == null || !(s.contains(":") || s.contains("/"))) return null;
        try {
            return ImageReference.parse(s);
        } catch (InvalidReferenceException e) {
            return null;
        }
    }

    static Platform host() {
        return Platform.host();
    }

    static ImageIndex parseIndex(byte[] b) throws IOException {
        return JSON.readValue(b, ImageIndex.class);
    }
}
