package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pushed manifest is written by hand; its bytes (and so its digest) are the ones Jackson wrote. */
class ManifestJsonTest {
    private static Digest d(String s) {
        return Digest.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBytesAreJacksonsForBothManifestKinds() throws Exception {
        Descriptor config = new Descriptor(MediaTypes.DOCKER_CONFIG, d("config"), 1234);
        List<Descriptor> layers = List.of(new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, d("a"), 209749857L),
                new Descriptor(MediaTypes.DOCKER_LAYER_GZIP, d("b"), 3));
        for (String type : List.of(MediaTypes.DOCKER_MANIFEST, MediaTypes.OCI_MANIFEST)) {
            byte[] jackson = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(new Manifest(2, type, config, layers, null));
            assertArrayEquals(jackson, ImagePusher.manifestJson(type, config, layers), new String(jackson, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDescriptorWithMoreThanItsDigestIsRefusedRatherThanDropped() {
        Descriptor withAnnotations = new Descriptor(MediaTypes.OCI_LAYER_GZIP, d("a"), 1, null, Map.of("k", "v"), null);
        assertThrows(IllegalArgumentException.class, () -> ImagePusher.manifestJson(MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, d("c"), 2), List.of(withAnnotations)));
    }
}
