package dev.minidocker.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageIndex;
import dev.minidocker.image.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One tagged image in an OCI image layout on disk (what images/ recipes produce): what the test
 * expects a pull of it to yield.
 */
public record OciLayout(Path dir, String tag, Digest manifestDigest, Manifest manifest, ImageConfig config) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    public static OciLayout read(Path dir, String tag) {
        try {
            ImageIndex index = JSON.readValue(dir.resolve("index.json").toFile(), ImageIndex.class);
            Descriptor entry = index.manifests().stream()
                    .filter(d -> tag.equals(annotation(d.annotations(), REF_NAME)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no tag " + tag + " in " + dir));
            Manifest manifest = JSON.readValue(blob(dir, entry.digest()).toFile(), Manifest.class);
            ImageConfig config = JSON.readValue(blob(dir, manifest.config().digest()).toFile(), ImageConfig.class);
            return new OciLayout(dir, tag, entry.digest(), manifest, config);
        } catch (IOException e) {
            throw new IllegalStateException("read OCI layout " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The layers' DiffIDs, bottom layer first. */
    public List<Digest> diffIds() {
        return config.rootfs().diffIds();
    }

    public static Path blob(Path dir, Digest digest) {
        return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    private static String annotation(Map<String, String> annotations, String key) {
        return annotations == null ? null : annotations.get(key);
    }
}
