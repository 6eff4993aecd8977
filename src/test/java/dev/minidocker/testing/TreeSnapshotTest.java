package dev.minidocker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeSnapshotTest {
    @TempDir
    Path tmp;

    private Path sampleTree(String name) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(root.resolve("dir/sub"));
        Files.writeString(root.resolve("dir/file"), "hello\n");
        Files.createLink(root.resolve("dir/hard"), root.resolve("dir/file"));
        Files.createSymbolicLink(root.resolve("dir/link"), Path.of("../nowhere"));
        Tools.run("mkfifo", "-m", "0600", root.resolve("fifo").toString());
        Tools.run("chmod", "4755", root.resolve("dir/file").toString());
        Tools.run("chmod", "1777", root.resolve("dir/sub").toString());
        return root;
    }

    @Test
    void recordsTypesModesLinksAndHardlinkGroups() throws Exception {
        TreeSnapshot s = TreeSnapshot.of(sampleTree("a"));
        assertEquals('d', s.get("/").type());
        assertEquals(04755, s.get("/dir/file").mode());
        assertEquals(01777, s.get("/dir/sub").mode());
        assertEquals('p', s.get("/fifo").type());
        assertEquals("../nowhere", s.get("/dir/link").linkTarget());
        assertEquals("/dir/file", s.get("/dir/hard").hardlinkGroup());
        assertEquals("/dir/file", s.get("/dir/file").hardlinkGroup());
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", s.get("/dir/file").sha256());
        assertNull(s.get("/dir/link").sha256());
    }

    @Test
    void identicalTreesHaveNoDifferences() throws Exception {
        assertEquals(List.of(), TreeSnapshot.of(sampleTree("a")).diff(TreeSnapshot.of(sampleTree("b"))));
    }

    @Test
    void diffNamesEachChangedPath() throws Exception {
        TreeSnapshot before = TreeSnapshot.of(sampleTree("a"));
        Path b = sampleTree("b");
        Files.writeString(b.resolve("dir/hard"), "changed\n");      // content of both links
        Files.delete(b.resolve("fifo"));
        Files.writeString(b.resolve("extra"), "x");
        Tools.run("chmod", "0755", b.resolve("dir/sub").toString());
        List<String> d = before.diff(TreeSnapshot.of(b));
        assertEquals(5, d.size(), String.join("\n", d));
        assertTrue(d.stream().anyMatch(l -> l.startsWith("missing") && l.contains("/fifo")), d::toString);
        assertTrue(d.stream().anyMatch(l -> l.startsWith("unexpected") && l.contains("/extra")), d::toString);
        assertTrue(d.stream().anyMatch(l -> l.contains("/dir/sub") && l.contains("1777")), d::toString);
        assertTrue(d.stream().anyMatch(l -> l.contains("/dir/hard")), d::toString);
        assertTrue(d.stream().anyMatch(l -> l.contains("/dir/file")), d::toString);
    }

    @Test
    void withoutDropsASubtree() throws Exception {
        TreeSnapshot s = TreeSnapshot.of(sampleTree("a")).without("/dir");
        assertNull(s.get("/dir"));
        assertNull(s.get("/dir/file"));
        assertEquals('p', s.get("/fifo").type());
        assertEquals('d', s.get("/").type());
        assertNull(TreeSnapshot.of(tmp.resolve("a")).withoutRoot().get("/"));
        assertEquals('p', TreeSnapshot.of(tmp.resolve("a")).withoutRoot().get("/fifo").type());
    }
}
