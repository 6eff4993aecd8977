package dev.minidocker.image.layer;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.LinuxFileSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whiteouts (and opaque markers) delete in the layers below, so one that resolved outside its
 * layer would delete or hide a host file: under every kind of symlinked parent they land inside
 * the layer or are refused, and removing a name never follows the symlinks it holds. Whiteouts are
 * 0:0 character devices and opaque markers trusted.* xattrs, hence root for those that get made.
 */
class WhiteoutSafetyTest {
    @TempDir
    Path tmp;
    LayerSandbox box;

    @BeforeEach
    void makeTarget() {
        box = new LayerSandbox(tmp);
    }

    static void assertWhiteout(Path p) throws IOException {
        assertEquals(020000, Files.getAttribute(p, "unix:mode", NOFOLLOW_LINKS), p + " is not a whiteout");
        assertEquals(0L, Files.getAttribute(p, "unix:rdev", NOFOLLOW_LINKS));
    }

    @Test
    @RootOnly
    void aWhiteoutUnderASymlinkToTheHostLandsInTheLayer() throws IOException {
        byte[] passwd = Files.readAllBytes(Path.of("/etc/passwd"));
        box.apply(new TarBuilder()
                .symlink("d", "/")
                .file("d/etc/.wh.passwd", 0644, "")
                .file("d" + box.victim.getParent() + "/.wh.victim", 0644, "")   // the victim by its host path
                .build());
        assertWhiteout(box.target.resolve("etc/passwd"));
        assertWhiteout(box.target.resolve(tmp.toString().substring(1)).resolve("victim"));
        assertArrayEquals(passwd, Files.readAllBytes(Path.of("/etc/passwd")));
        box.assertOutsideUntouched();
    }

    @Test
    @RootOnly
    void aWhiteoutThroughClimbingRelativeSymlinksStopsAtTheLayerRoot() throws IOException {
        // The layer is tmp/store/layer: "../.." from its root is tmp, where the victim and store/ are.
        box.apply(new TarBuilder()
                .symlink("a/x", "..")
                .symlink("a/x/y", "../..")   // lexically inside the layer; really above it: clamped at its root
                .file("a/x/y/.wh.victim", 0644, "")
                .file("a/x/y/.wh.store", 0644, "")
                .build());
        assertWhiteout(box.target.resolve("victim"));
        assertWhiteout(box.target.resolve("store"));
        box.assertOutsideUntouched();
    }

    @Test
    @RootOnly
    void anOpaqueMarkerUnderASymlinkedParentMarksTheLayersOwnDirectory() throws IOException {
        LinuxFileSyscalls sys = new LinuxFileSyscalls();
        box.apply(new TarBuilder()
                .dir("etc/", 0755)
                .dir(tmp.toString().substring(1), 0755)
                .symlink("d", "/")
                .symlink("abs", tmp.toString())   // resolves to the layer's own copy of that path
                .file("d/etc/.wh..wh..opq", 0644, "")
                .file("abs/.wh..wh..opq", 0644, "")
                .build());
        assertArrayEquals("y".getBytes(), sys.lgetxattr(box.target.resolve("etc").toString(), "trusted.overlay.opaque"));
        assertArrayEquals("y".getBytes(), sys.lgetxattr(box.target.resolve(tmp.toString().substring(1)).toString(),
                "trusted.overlay.opaque"));
        assertNull(sys.lgetxattr("/etc", "trusted.overlay.opaque"));
        assertNull(sys.lgetxattr(tmp.toString(), "trusted.overlay.opaque"));
        box.assertOutsideUntouched();
    }

    @Test
    @RootOnly
    void aWhiteoutOfASymlinkReplacesTheLinkNotItsTarget() throws IOException {
        box.apply(new TarBuilder()
                .symlink("file-link", box.victim.toString())
                .symlink("dir-link", tmp.toString())
                .file(".wh.file-link", 0644, "")
                .file(".wh.dir-link", 0644, "")
                .build());
        assertWhiteout(box.target.resolve("file-link"));
        assertWhiteout(box.target.resolve("dir-link"));
        box.assertOutsideUntouched();
    }

    @Test
    @RootOnly
    void aWhiteoutOfAPopulatedDirectoryNeverFollowsTheSymlinksInIt() throws IOException {
        box.apply(new TarBuilder()
                .dir("d/", 0755)
                .symlink("d/up", tmp.toString())
                .symlink("d/sub/victim", box.victim.toString())
                .file("d/sub/own", 0644, "removed with d")
                .file(".wh.d", 0644, "")
                .build());
        assertWhiteout(box.target.resolve("d"));
        box.assertOutsideUntouched();
    }

    @Test
    void withoutOpenat2AWhiteoutUnderASymlinkedParentIsRefused() throws IOException {
        box.rejected(new TarBuilder().symlink("d", "/").file("d/etc/.wh.passwd", 0644, "").build(),
                LayerSafetyTest.withoutOpenat2(new LinuxFileSyscalls()),
                "layer entry `d/etc/.wh.passwd`: `d/etc`: component `d` is a symlink");
        box.assertOutsideUntouched();
    }

    @Test
    void aWhiteoutUnderASymlinkToAFileIsRefused() throws IOException {
        // Resolved in the layer, the host file the link names does not exist
        box.rejected(new TarBuilder().symlink("f", box.victim.toString()).file("f/.wh.x", 0644, "").build(),
                "layer entry `f/.wh.x`: openat2 `f`: No such file or directory");
        // and a file of the layer is no directory
        box.rejected(new TarBuilder().file("real", 0644, "x").symlink("f", "real").file("f/.wh..wh..opq", 0644, "").build(),
                "layer entry `f/.wh..wh..opq`: `f` is not a directory, or has a parent that is not");
        box.assertOutsideUntouched();
    }
}
