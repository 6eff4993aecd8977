package dev.minidocker.image.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.image.Digest;
import dev.minidocker.image.store.CorruptContentException;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.StoredImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveLoadTest {
    @TempDir
    Path dir;

    /** A Docker-format archive (manifest.json + config + layer tars) with two layers. */
    private Path dockerArchive(boolean corruptLayer) throws Exception {
        byte[] l1 = TarFixtures.tar(Map.of("bin/sh", "shell", "etc/hostname", "box"));
        byte[] l2 = TarFixtures.tar(Map.of("app/run", "app v2"));
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-05-01T00:00:00Z\","
                + "\"config\":{\"Cmd\":[\"/app/run\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(l1) + "\",\"" + Digest.sha256(l2) + "\"]}}";
        byte[] cfg = config.getBytes(StandardCharsets.UTF_8);
        String cfgName = Digest.sha256(cfg).hex() + ".json";
        if (corruptLayer) l2 = TarFixtures.tar(Map.of("app/run", "evil"));
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("manifest.json", ("[{\"Config\":\"" + cfgName + "\",\"RepoTags\":[\"myapp:1.0\"],"
                + "\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\"]}]").getBytes());
        m.put(cfgName, cfg);
        m.put("aaa/layer.tar", l1);
        m.put("bbb/layer.tar", l2);
        Path file = dir.resolve(corruptLayer ? "bad.tar" : "app.tar");
        TarFixtures.archive(file, m);
        return file;
    }

    @Test
    void dockerArchiveLoadsVerifiedAndSaveLoadRoundTrips() throws Exception {
        ImageStore a = new ImageStore(dir.resolve("a"));
        List<String> out = new ImageLoader(a, TarFixtures.SIMPLE_WRITER).load(dockerArchive(false));
        assertEquals(List.of("Loaded image: myapp:1.0"), out);
        StoredImage img = a.find("myapp:1.0").orElseThrow();
        assertEquals("app v2", Files.readString(img.layerDirs().get(1).resolve("app/run")));
        assertEquals(Digest.sha256(Files.readAllBytes(a.blobs().path(img.imageId()))), img.imageId());

        Path saved = dir.resolve("saved.tar");
        new ImageSaver(a).save(List.of("myapp:1.0"), saved);
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }

        ImageStore b = new ImageStore(dir.resolve("b"));
        assertEquals(List.of("Loaded image: myapp:1.0"), new ImageLoader(b, TarFixtures.SIMPLE_WRITER).load(saved));
        StoredImage back = b.find("myapp:1.0").orElseThrow();
        assertEquals("shell", Files.readString(back.layerDirs().get(0).resolve("bin/sh")));
        assertEquals("box", Files.readString(back.layerDirs().get(0).resolve("etc/hostname")));
        assertEquals("app v2", Files.readString(back.layerDirs().get(1).resolve("app/run")));
        assertEquals(List.of("/app/run"), back.config().config().cmd());
        assertEquals(img.created(), back.created());

        // Loading the same archive again changes nothing.
        new ImageLoader(b, TarFixtures.SIMPLE_WRITER).load(saved);
        assertEquals(1, b.list().size());
    }

    @Test
    void layerThatDoesNotMatchItsDiffIdIsRejectedAndNothingIsStored() throws Exception {
        ImageStore s = new ImageStore(dir.resolve("s"));
        Path bad = dockerArchive(true);
        var e = assertThrows(CorruptContentException.class, () -> new ImageLoader(s, TarFixtures.SIMPLE_WRITER).load(bad));
        assertTrue(e.getMessage().contains("DiffID"), e.getMessage());
        assertTrue(s.list().isEmpty());
        assertEquals(1, s.layers().list().size(), "only the verified first layer is kept");
    }
}
