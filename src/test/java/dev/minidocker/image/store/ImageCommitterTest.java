package dev.minidocker.image.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.image.Digest;
import dev.minidocker.image.DockerReferences;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.InvalidReferenceException;
import dev.minidocker.image.layer.LayerTarWriter;
import dev.minidocker.testing.Tools;
import dev.minidocker.testing.TreeSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit, import and tag in a real store (no root needed: owners stay the test user's). */
class ImageCommitterTest {
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private ImageStore store() {
        return new ImageStore(dir.resolve("store"));
    }

    private Path rootfs() throws IOException {
        Path r = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(r.resolve("bin"));
        Files.writeString(r.resolve("bin/hello"), "#!/bin/sh\necho hello\n");
        Files.createDirectories(r.resolve("etc"));
        Files.writeString(r.resolve("etc/os-release"), "ID=test\n");
        return r;
    }

    private static NewImage image(StoredImage parent, String tag, String comment) {
        return new NewImage(parent, "", comment, null, null, T0, tag == null ? null : DockerReferences.parseTagTarget(tag));
    }

    private ImageCommitter.Committed importDir(ImageStore s, Path tree, String compress, String tag) throws IOException {
        Path tar = dir.resolve("rootfs.tar" + (compress.isEmpty() ? "" : "." + compress));
        String c = switch (compress) { case "gz" -> "-z"; case "bz2" -> "-j"; case "zst" -> "--zstd"; default -> ""; };
        Tools.run("sh", "-c", "tar " + c + " -cf " + tar + " -C " + tree + " .");
        try (InputStream in = Files.newInputStream(tar)) {
            return new RootfsImporter(s).importTarball(in, image(null, tag, "Imported from -"));
        }
    }

    private static Digest tarDigestOf(Path tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LayerTarWriter().write(tree, out);
        return Digest.sha256(out.toByteArray());
    }

    @Test
    void importMakesAOneLayerImageWhateverTheCompression() throws IOException {
        ImageStore s = store();
        Path tree = rootfs();
        ImageCommitter.Committed plain = importDir(s, tree, "", "base:plain");
        for (String c : List.of("gz", "bz2", "zst")) {
            assertEquals(plain.diffId(), importDir(s, tree, c, "base:" + c).diffId(), c);
        }
        StoredImage img = s.find("base:plain").orElseThrow();
        assertEquals(List.of(plain.diffId()), img.config().rootfs().diffIds());
        assertEquals(tarDigestOf(tree), plain.diffId(), "the DiffID is the digest of the layer writer's tar of the tree");
        assertEquals("Imported from -", img.config().history().getFirst().comment());
        assertEquals(dev.minidocker.image.Platform.host().architecture(), img.config().architecture());
        assertEquals(TreeSnapshot.of(tree).withoutRoot(), TreeSnapshot.of(img.layerDirs().getFirst()).withoutRoot());
        assertTrue(Files.isRegularFile(s.layers().tarSplit(plain.diffId())));
        assertEquals(1, s.layers().list().size(), "one layer, shared by the four imports");
    }

    @Test
    void commitStacksALayerKeepsTheParentsConfigAndAppliesChanges() throws IOException {
        ImageStore s = store();
        importDir(s, rootfs(), "gz", "base:1");
        StoredImage base = s.find("base:1").orElseThrow();
        Path changes = Files.createDirectories(dir.resolve("upper/etc"));
        Files.writeString(changes.resolve("motd"), "hi\n");
        ImageCommitter.Committed c = new ImageCommitter(s).commit(dir.resolve("upper"), new NewImage(base,
                "/bin/sh -c echo hi > /etc/motd", "add motd", "Al <al@example.com>",
                cfg -> new ImageConfig.Config("1000", null, List.of("A=1"), null, List.of("cat", "/etc/motd"),
                        null, "/etc", cfg.labels(), null), T0, DockerReferences.parseTagTarget("app:1")));
        StoredImage app = s.find("app:1").orElseThrow();
        assertEquals(c.imageId(), app.imageId());
        assertEquals(List.of(base.config().rootfs().diffIds().getFirst(), c.diffId()), app.config().rootfs().diffIds());
        assertEquals(2, app.layerDirs().size());
        assertEquals(List.of("cat", "/etc/motd"), app.config().config().cmd());
        assertEquals("1000", app.config().config().user());
        assertEquals("Al <al@example.com>", app.config().author());
        List<ImageConfig.History> h = app.config().history();
        assertEquals(2, h.size());
        assertEquals("/bin/sh -c echo hi > /etc/motd", h.get(1).createdBy());
        assertEquals("add motd", h.get(1).comment());
        JsonNode raw = new ObjectMapper().readTree(s.blobs().get(app.imageId(), "config"));
        assertEquals("2025-01-02T03:04:05Z", raw.path("created").asText());
        assertEquals(Digest.sha256(s.blobs().get(app.imageId(), "config")), app.imageId());
    }

    @Test
    void theSameChangesReuseTheLayer() throws IOException {
        ImageStore s = store();
        Path tree = rootfs();
        ImageCommitter.Committed a = new ImageCommitter(s).commit(tree, image(null, "a:1", null));
        ImageCommitter.Committed b = new ImageCommitter(s).commit(tree, image(null, "b:1", "other comment"));
        assertTrue(a.layerCreated());
        assertFalse(b.layerCreated());
        assertEquals(a.diffId(), b.diffId());
        assertNotEquals(a.imageId(), b.imageId());
        assertEquals(1, s.layers().list().size());
    }

    @Test
    void aFailedCommitLeavesNoLayerNoConfigNoTag() throws IOException {
        ImageStore s = store();
        importDir(s, rootfs(), "", "base:1");
        StoredImage base = s.find("base:1").orElseThrow();
        List<Digest> layersBefore = s.layers().list();
        List<Digest> blobsBefore = s.blobs().list();
        ImageDb.Snapshot dbBefore = s.db().read();
        Path changes = Files.createDirectories(dir.resolve("upper"));
        Files.writeString(changes.resolve("new-file"), "data");
        RuntimeException boom = new IllegalStateException("instruction parser says no");
        RuntimeException e = assertThrows(IllegalStateException.class, () -> new ImageCommitter(s).commit(changes,
                new NewImage(base, "", null, null, cfg -> { throw boom; }, T0, DockerReferences.parseTagTarget("app:1"))));
        assertEquals(boom, e);
        assertEquals(layersBefore, s.layers().list());
        assertEquals(blobsBefore, s.blobs().list());
        assertEquals(dbBefore, s.db().read());
        try (Stream<Path> tmp = Files.list(s.root().resolve("tmp"))) {
            assertEquals(List.of(), tmp.toList(), "no temp leftovers");
        }
        assertThrows(RuntimeException.class, () -> new ImageCommitter(s).commit(dir.resolve("no-such-dir"), image(base, "app:2", null)));
        assertEquals(layersBefore, s.layers().list());
        assertEquals(dbBefore, s.db().read());
    }

    @Test
    void tagNamesAnImageWithDockersRules() throws IOException {
        ImageStore s = store();
        ImageCommitter.Committed c = importDir(s, rootfs(), "", "base:1");
        ImageTagger tagger = new ImageTagger(s);
        assertEquals("127.0.0.1:5000/team/base:v1", tagger.tag("base:1", "127.0.0.1:5000/team/base:v1").toString());
        assertEquals(c.imageId(), s.find("127.0.0.1:5000/team/base:v1").orElseThrow().imageId());
        tagger.tag(c.imageId().hex().substring(0, 12), "byid");
        assertEquals(c.imageId(), s.find("byid:latest").orElseThrow().imageId());
        assertEquals("invalid reference format: repository name (library/Foo) must be lowercase",
                assertThrows(InvalidReferenceException.class, () -> tagger.tag("base:1", "Foo")).getMessage());
        assertEquals("No such image: nope:1",
                assertThrows(ImageNotFoundException.class, () -> tagger.tag("nope:1", "x")).getMessage());
        assertEquals(3, s.db().read().tagsOf(c.imageId()).size());
    }

    @Test
    void removingTheImageCollectsItsLayer() throws IOException {
        ImageStore s = store();
        importDir(s, rootfs(), "", "base:1");
        new ImageRemover(s).remove("base:1", false);
        assertEquals(List.of(), s.layers().list());
        assertEquals(List.of(), s.blobs().list());
    }
}
