package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.FileSyscalls;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.SyscallException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile layers: every escape attempt either fails with a one-line LayerException naming the
 * entry, or (symlinked parents, resolved with RESOLVE_IN_ROOT) lands inside the layer. Each test
 * checks that nothing outside the target directory appeared or changed.
 */
class LayerSafetyTest {
    @TempDir
    Path tmp;
    LayerSandbox box;
    Path target;
    Path outside;

    @BeforeEach
    void makeTarget() {
        box = new LayerSandbox(tmp);
        target = box.target;
        outside = box.victim;
    }

    private void apply(byte[] tar, FileSyscalls sys) throws IOException {
        box.apply(tar, sys);
    }

    private LayerException rejected(TarBuilder tar, String expected) {
        return box.rejected(tar.build(), expected);
    }

    private void assertOutsideUntouched() throws IOException {
        box.assertOutsideUntouched();
    }

    @Test
    void rejectsDotDotAndAbsoluteNames() throws IOException {
        rejected(new TarBuilder().file("../victim", 0644, "pwned"), "`../victim`");
        rejected(new TarBuilder().file("a/../../victim", 0644, "pwned"), "`a/../../victim`");
        rejected(new TarBuilder().file("/etc/x", 0644, "pwned"), "`/etc/x`: absolute");
        rejected(new TarBuilder().dir("ok/", 0755).file("ok/../../../victim", 0644, "x"), "..");
        rejected(new TarBuilder().file("x/.wh...", 0644, ""), "`x/.wh...`");
        assertOutsideUntouched();
    }

    @Test
    void symlinkedParentResolvesInsideTheLayer() throws IOException {
        byte[] hostPasswd = Files.readAllBytes(Path.of("/etc/passwd"));
        String victim = outside.toString().substring(1);
        apply(new TarBuilder()
                .symlink("d", "/")
                .symlink("a/x", "..")
                .symlink("a/x/y", "../..")   // lexically fine; really climbs: clamped at the root
                .file("d/etc/passwd", 0644, "inside")
                .file("d/" + victim, 0644, "inside too")
                .file("a/x/y/escaped", 0644, "still inside")
                .build(), new LinuxFileSyscalls());
        assertEquals("inside", Files.readString(target.resolve("etc/passwd")));
        assertEquals("inside too", Files.readString(target.resolve(victim)));
        assertEquals("still inside", Files.readString(target.resolve("escaped")));
        assertEquals(new String(hostPasswd), Files.readString(Path.of("/etc/passwd")));
        assertOutsideUntouched();
    }

    @Test
    void withoutOpenat2SymlinkedParentsAreRefused() throws IOException {
        FileSyscalls noOpenat2 = withoutOpenat2(new LinuxFileSyscalls());
        apply(new TarBuilder().dir("a/", 0755).file("a/b/c", 0644, "ok").build(), noOpenat2);
        assertEquals("ok", Files.readString(target.resolve("a/b/c")));
        box.rejected(new TarBuilder().symlink("d", "/").file("d/etc/passwd", 0644, "x").build(), noOpenat2,
                "layer entry `d/etc/passwd`: `d/etc`: component `d` is a symlink");
        assertOutsideUntouched();
    }

    @Test
    void rejectsEscapingHardlinks() throws IOException {
        rejected(new TarBuilder().hardlink("h", "../../victim"), "hardlink target `../../victim`");
        rejected(new TarBuilder().hardlink("h", "/etc/passwd"), "absolute");
        // Through a symlinked parent the target is looked up inside the layer, where it is absent.
        rejected(new TarBuilder().symlink("d", "/").hardlink("h", "d/etc/passwd"), "`h`");
        assertFalse(Files.exists(target.resolve("h")));
        assertOutsideUntouched();
    }

    @Test
    void rejectsRelativeSymlinksThatClimbOutOfTheLayer() throws IOException {
        rejected(new TarBuilder().symlink("a/evil", "../../../etc"), "climbs out of the layer");
        rejected(new TarBuilder().symlink("evil", ".."), "climbs out");
        rejected(new TarBuilder().symlink("a/b/evil", "../x/../../../y"), "climbs out");
        assertOutsideUntouched();
    }

    @Test
    void neverWritesThroughAnExistingSymlink() throws IOException {
        apply(new TarBuilder()
                .symlink("link", outside.toString())
                .file("link", 0644, "replaced the link, not the victim")
                .build(), new LinuxFileSyscalls());
        assertFalse(Files.isSymbolicLink(target.resolve("link")));
        assertOutsideUntouched();
    }

    @Test
    void directoryModeIsNeverAppliedThroughALaterSymlink() throws IOException {
        int before = LayerApplierTest.mode(tmp);
        apply(new TarBuilder()
                .dir("d/", 0777)
                .symlink("d", tmp.toString())
                .build(), new LinuxFileSyscalls());
        assertTrue(Files.isSymbolicLink(target.resolve("d")));
        assertEquals(before, LayerApplierTest.mode(tmp));
        assertOutsideUntouched();
    }

    /** A FileSyscalls whose openat2 fails like a kernel before 5.6. */
    static FileSyscalls withoutOpenat2(FileSyscalls real) {
        return (FileSyscalls) Proxy.newProxyInstance(FileSyscalls.class.getClassLoader(),
                new Class<?>[] {FileSyscalls.class}, (proxy, method, args) -> {
                    if (method.getName().equals("openat2")) throw new SyscallException("openat2", Errno.ENOSYS);
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
