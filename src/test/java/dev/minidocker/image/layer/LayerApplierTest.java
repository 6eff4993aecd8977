package dev.minidocker.image.layer;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.LinuxFileSyscalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a layer tar becomes on disk: content, modes, owners, links, nodes, whiteouts, replacement. */
class LayerApplierTest {
    @TempDir
    Path tmp;
    Path target;

    @BeforeEach
    void makeTarget() throws IOException {
        target = Files.createDirectory(tmp.resolve("layer"));
    }

    private LayerStats apply(byte[] tar) throws IOException {
        return new LayerApplier().apply(new ByteArrayInputStream(tar), target);
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW_LINKS);
    }

    @Test
    void writesFilesDirectoriesModesAndTimes() throws IOException {
        LayerStats stats = apply(new TarBuilder()
                .dir("./", 0755)
                .dir("./usr/", 0750)
                .dir("./usr/bin/", 0555)
                .file("./usr/bin/tool", 04755, "#!/bin/sh\n")
                .file("./usr/bin/group", 02711, "x")
                .dir("./tmp/", 01777)
                .file("./usr/plain", 0640, "hello")
                .build());
        assertEquals(7, stats.entries());
        assertEquals(16, stats.bytes());
        assertEquals("hello", Files.readString(target.resolve("usr/plain")));
        assertEquals(0100640, mode(target.resolve("usr/plain")));
        assertEquals(0104755, mode(target.resolve("usr/bin/tool")));
        assertEquals(0102711, mode(target.resolve("usr/bin/group")));
        assertEquals(040555, mode(target.resolve("usr/bin")));
        assertEquals(040750, mode(target.resolve("usr")));
        assertEquals(041777, mode(target.resolve("tmp")));
        FileTime t1 = FileTime.from(TarBuilder.T1);
        for (String p : new String[] {"usr/plain", "usr/bin/tool", "usr/bin", "usr", "tmp", ""}) {
            assertEquals(t1, Files.getLastModifiedTime(target.resolve(p), NOFOLLOW_LINKS), p);
        }
    }

    @Test
    void createsMissingParentsAndKeepsLongNames() throws IOException {
        String longName = "deep/" + "n".repeat(150) + "/" + "f".repeat(200) + ".txt";
        apply(new TarBuilder().file(longName, 0644, "long").file("ünïcode", 0600, "u").build());
        assertEquals("long", Files.readString(target.resolve(longName)));
        assertEquals(040755, mode(target.resolve("deep")));
        assertEquals("u", Files.readString(target.resolve("ünïcode")));
    }

    @Test
    @RootOnly
    void appliesOwnershipBeforeModeSoSetuidSurvives() throws IOException {
        TarArchiveEntry f = TarBuilder.entry("su", TarConstants.LF_NORMAL, 06755);
        f.setUserId(1234);
        f.setGroupId(5678);
        TarArchiveEntry d = TarBuilder.entry("d/", TarConstants.LF_DIR, 0700);
        d.setUserId(42);
        d.setGroupId(43);
        TarArchiveEntry l = TarBuilder.entry("d/link", TarConstants.LF_SYMLINK, 0777);
        l.setLinkName("/nowhere");
        l.setUserId(7);
        l.setGroupId(8);
        TarArchiveEntry big = TarBuilder.entry("big", TarConstants.LF_NORMAL, 0644);
        big.setUserId(3_000_000_000L);
        big.setGroupId(2_500_000_000L);
        apply(new TarBuilder().file(f, "x".getBytes()).add(d, null).add(l, null).file(big, new byte[0]).build());
        assertEquals(0106755, mode(target.resolve("su")));
        assertEquals(1234, Files.getAttribute(target.resolve("su"), "unix:uid"));
        assertEquals(5678, Files.getAttribute(target.resolve("su"), "unix:gid"));
        assertEquals(42, Files.getAttribute(target.resolve("d"), "unix:uid", NOFOLLOW_LINKS));
        assertEquals(7, Files.getAttribute(target.resolve("d/link"), "unix:uid", NOFOLLOW_LINKS));
        assertEquals(8, Files.getAttribute(target.resolve("d/link"), "unix:gid", NOFOLLOW_LINKS));
        assertEquals((int) 3_000_000_000L, Files.getAttribute(target.resolve("big"), "unix:uid"));
    }

    @Test
    void keepsSymlinkTargetsAndHardlinksShareTheInode() throws IOException {
        apply(new TarBuilder()
                .file("etc/os-release", 0644, "ID=test")
                .symlink("etc/rel", "os-release")
                .symlink("etc/abs", "/etc/os-release")
                .symlink("usr/lib/up", "../../etc/os-release")
                .hardlink("etc/hard", "etc/os-release")
                .hardlink("./etc/hard2", "./etc/os-release")
                .build());
        assertEquals("os-release", Files.readSymbolicLink(target.resolve("etc/rel")).toString());
        assertEquals("/etc/os-release", Files.readSymbolicLink(target.resolve("etc/abs")).toString());
        assertEquals("../../etc/os-release", Files.readSymbolicLink(target.resolve("usr/lib/up")).toString());
        Object ino = Files.getAttribute(target.resolve("etc/os-release"), "unix:ino");
        assertEquals(ino, Files.getAttribute(target.resolve("etc/hard"), "unix:ino"));
        assertEquals(ino, Files.getAttribute(target.resolve("etc/hard2"), "unix:ino"));
        assertEquals(3, Files.getAttribute(target.resolve("etc/hard"), "unix:nlink"));
    }

    @Test
    @RootOnly
    void createsDevicesAndFifos() throws IOException {
        apply(new TarBuilder()
                .node("dev/null", TarConstants.LF_CHR, 0666, 1, 3)
                .node("dev/loop0", TarConstants.LF_BLK, 0660, 7, 0)
                .node("dev/big", TarConstants.LF_CHR, 0600, 259, 300)
                .node("run/fifo", TarConstants.LF_FIFO, 0620, 0, 0)
                .build());
        assertEquals(020666, mode(target.resolve("dev/null")));
        assertEquals(060660, mode(target.resolve("dev/loop0")));
        assertEquals(010620, mode(target.resolve("run/fifo")));
        assertEquals((1L << 8) | 3, Files.getAttribute(target.resolve("dev/null"), "unix:rdev"));
        assertEquals(7L << 8, Files.getAttribute(target.resolve("dev/loop0"), "unix:rdev"));
        assertEquals(dev.minidocker.linux.FileFlags.makedev(259, 300),
                Files.getAttribute(target.resolve("dev/big"), "unix:rdev"));
    }

    @Test
    @RootOnly
    void convertsWhiteoutsToOverlayForm() throws IOException {
        TarArchiveEntry x = TarBuilder.entry("keep/file", TarConstants.LF_NORMAL, 0644);
        x.addPaxHeader("SCHILY.xattr.user.comment", "kept");
        x.addPaxHeader("SCHILY.xattr.trusted.overlay.redirect", "/elsewhere");
        apply(new TarBuilder()
                .dir("etc/", 0755)
                .file("etc/.wh.passwd", 0644, "")
                .dir("opaque/", 0755)
                .file("opaque/.wh..wh..opq", 0644, "")
                .file("implicit/.wh..wh..opq", 0644, "")
                .file(".wh..wh.plnk", 0644, "")
                .file(x, "k".getBytes())
                .build());
        Path wh = target.resolve("etc/passwd");
        assertEquals(020000, mode(wh));
        assertEquals(0L, Files.getAttribute(wh, "unix:rdev"));
        assertFalse(Files.exists(target.resolve("etc/.wh.passwd"), NOFOLLOW_LINKS));
        LinuxFileSyscalls sys = new LinuxFileSyscalls();
        assertArrayEquals("y".getBytes(), sys.lgetxattr(target.resolve("opaque").toString(), "trusted.overlay.opaque"));
        assertArrayEquals("y".getBytes(), sys.lgetxattr(target.resolve("implicit").toString(), "trusted.overlay.opaque"));
        assertFalse(Files.exists(target.resolve("opaque/.wh..wh..opq"), NOFOLLOW_LINKS));
        assertFalse(Files.exists(target.resolve(".wh..wh.plnk"), NOFOLLOW_LINKS));
        assertArrayEquals("kept".getBytes(), sys.lgetxattr(target.resolve("keep/file").toString(), "user.comment"));
        assertEquals(null, sys.lgetxattr(target.resolve("keep/file").toString(), "trusted.overlay.redirect"));
    }

    @Test
    void laterEntriesReplaceEarlierOnesButDirectoriesMerge() throws IOException {
        apply(new TarBuilder()
                .file("a", 0644, "file first")
                .dir("a/", 0700)                  // dir replaces file
                .file("a/inside", 0644, "in")
                .dir("a/", 0755)                  // dir over dir: keeps contents, takes new mode
                .dir("b/", 0755)
                .file("b/child", 0644, "c")
                .file("b", 0600, "file over populated dir")
                .symlink("c", "/etc/passwd")
                .file("c", 0644, "file over symlink")
                .file("d", 0644, "one")
                .file("d", 0644, "two")
                .build());
        assertEquals(040755, mode(target.resolve("a")));
        assertEquals("in", Files.readString(target.resolve("a/inside")));
        assertEquals("file over populated dir", Files.readString(target.resolve("b")));
        assertFalse(Files.isSymbolicLink(target.resolve("c")));
        assertEquals("file over symlink", Files.readString(target.resolve("c")));
        assertEquals("two", Files.readString(target.resolve("d")));
    }

    @Test
    void drainsTheWholeStreamSoTheDiffIdCanBeVerified() throws Exception {
        byte[] tar = new TarBuilder().file("f", 0644, "data").build();
        byte[] padded = Arrays.copyOf(tar, tar.length + 7 * 512 + 100);   // trailing junk after EOF blocks
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream in = new DigestInputStream(new ByteArrayInputStream(padded), md)) {
            new LayerApplier().apply(in, target);
            assertEquals(-1, in.read());
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(padded), md.digest());
        assertEquals("data", Files.readString(target.resolve("f"), StandardCharsets.UTF_8));
    }

    @Test
    void rejectsUnsupportedEntryTypes() {
        byte[] tar = new TarBuilder().add(TarBuilder.entry("vol", (byte) 'V', 0644), null).build();
        LayerException e = org.junit.jupiter.api.Assertions.assertThrows(LayerException.class, () -> apply(tar));
        assertTrue(e.getMessage().contains("vol"), e.getMessage());
    }
}
