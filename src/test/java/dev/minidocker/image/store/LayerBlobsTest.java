package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.image.Digest;
import dev.minidocker.image.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a store remembers about a layer's compressed forms (layers/HEX/blobs.json). */
class LayerBlobsTest {
    @TempDir
    Path dir;

    private static final Digest LAYER = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
    private static final Digest GZ = Digest.sha256("gz".getBytes(StandardCharsets.UTF_8));

    private ImageStore storeWithTheLayer() throws IOException {
        ImageStore store = new ImageStore(dir.resolve("store"));
        Files.createDirectories(store.layers().diffDir(LAYER));
        return store;
    }

    @Test
    void aBlobIsRememberedWithItsSourcesMergedAndReadBack() throws IOException {
        ImageStore store = storeWithTheLayer();
        store.layerBlobs().remember(LAYER, new CompressedBlob(GZ, 42, MediaTypes.OCI_LAYER_GZIP, LAYER, List.of("r:5000/a"), false));
        store.layerBlobs().remember(LAYER, new CompressedBlob(GZ, 42, MediaTypes.OCI_LAYER_GZIP, LAYER, List.of("r:5000/b"), false));
        assertEquals(List.of(new CompressedBlob(GZ, 42, MediaTypes.OCI_LAYER_GZIP, LAYER, List.of("r:5000/a", "r:5000/b"), false)),
                store.layerBlobs().of(LAYER));
    }

    @Test
    void whatEarlierVersionsWroteIsReadAndUnreadableKnowledgeIsNone() throws IOException {
        ImageStore store = storeWithTheLayer();
        Path file = store.layers().layerDir(LAYER).resolve(LayerBlobs.FILE);
        Files.writeString(file, "[{\"digest\":\"" + GZ + "\",\"size\":3391037,\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP
                + "\",\"uncompressed\":\"" + LAYER + "\",\"sources\":[\"127.0.0.1:5001/big\"],\"local\":true}]");
        assertEquals(List.of(new CompressedBlob(GZ, 3391037, MediaTypes.OCI_LAYER_GZIP, LAYER, List.of("127.0.0.1:5001/big"), true)),
                store.layerBlobs().of(LAYER));
        Files.writeString(file, "[{\"digest\":\"sha256:12\"");
        assertEquals(List.of(), store.layerBlobs().of(LAYER));
        Files.writeString(file, "[{\"size\":1}]");
        assertEquals(List.of(), store.layerBlobs().of(LAYER));
        assertEquals(List.of(), store.layerBlobs().of(GZ), "a layer with no record");
    }
}
