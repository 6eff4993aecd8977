package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names and link targets a C string cannot carry (NUL), empty ones, and names that would forge
 * lines or terminal codes in an error message. The kernel ends a name at its first NUL, so a NUL
 * that got through would make the file or link something other than what was checked.
 */
class HostileNamesTest {
    @TempDir
    Path tmp;
    LayerSandbox box;

    @BeforeEach
    void makeTarget() {
        box = new LayerSandbox(tmp);
    }

    private static RawTar regularFile(RawTar tar, String name) {
        return tar.ustar(name, '0', 1, "").data(new byte[] {'x'});
    }

    @Test
    void aNulInANameIsRejected() throws IOException {
        box.rejected(regularFile(new RawTar().pax(Map.of("path", RawTar.text("etc/passwd\0.ignored"))), "x").build(),
                "layer entry `etc/passwd\\x00.ignored`: NUL in name");
        box.rejected(regularFile(new RawTar().ustar("././@LongLink", 'L', 10, "").data(RawTar.text("a\0/../../b")), "x").build(),
                "layer entry `a\\x00/../../b`: NUL in name");
        box.rejected(new RawTar().pax(Map.of("linkpath", RawTar.text("x\0y"))).ustar("h", '1', 0, "").build(),
                "layer entry `h` hardlink target `x\\x00y`: NUL in name");
        box.assertOutsideUntouched();
    }

    @Test
    void aNulInASymlinkTargetIsRejectedNotCutShort() throws IOException {
        // Checked whole, "../..\0/a" climbs nowhere; cut at the NUL by symlinkat(2) it is "../..".
        box.rejected(new RawTar().pax(Map.of("linkpath", RawTar.text("../..\0/a"))).ustar("d/up", '2', 0, "").build(),
                "layer entry `d/up`: NUL in symlink target `../..\\x00/a`");
        assertFalse(Files.exists(box.target.resolve("d/up"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        box.assertOutsideUntouched();
    }

    @Test
    void aNulInAnXattrNameIsRejectedNotCutShort() throws IOException {
        // Cut at the NUL, the value would land on another attribute ("user.a").
        box.rejected(regularFile(new RawTar().pax(Map.of("SCHILY.xattr.user.a\0b", RawTar.text("v"))), "f").build(),
                "layer entry `f`: NUL in xattr name `user.a\\x00b`");
        box.assertOutsideUntouched();
    }

    @Test
    void emptyLinkTargetsAreRejected() throws IOException {
        box.rejected(new TarBuilder().symlink("s", "").build(), "layer entry `s`: empty symlink target");
        box.rejected(new TarBuilder().hardlink("h", "").build(), "layer entry `h` hardlink target has an empty name");
        box.rejected(new TarBuilder().hardlink("h", "./").build(), "layer entry `h`: hardlink to the layer root");
        box.assertOutsideUntouched();
    }

    @Test
    void aRegularFileCannotBeTheLayerRoot() throws IOException {
        box.rejected(regularFile(new RawTar(), ".").build(), "layer entry `.`: the layer root must be a directory");
        box.assertOutsideUntouched();
    }

    @Test
    void namesCannotForgeLinesOrTerminalCodesInTheMessage() throws IOException {
        String forged = "../x\n[INFO] layer verified\u001b[2J\u009b31m";
        LayerException e = box.rejected(new TarBuilder().file(forged, 0644, "x").build(), "`..` components are not allowed");
        assertTrue(e.getMessage().contains("`../x\\x0a[INFO] layer verified\\x1b[2J\\x9b31m`"), e.getMessage());
        // A name the kernel refuses: its strerror message quotes the name too.
        e = box.rejected(new TarBuilder().file("d/\u001b]0;owned\u0007" + "n".repeat(300), 0644, "x").build(), "File name too long");
        assertTrue(e.getMessage().contains("\\x1b]0;owned\\x07"), e.getMessage());
        box.assertOutsideUntouched();
    }
}
