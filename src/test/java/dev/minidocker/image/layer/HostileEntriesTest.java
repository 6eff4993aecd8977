package dev.minidocker.image.layer;

import static dev.minidocker.linux.FileFlags.S_IFBLK;
import static dev.minidocker.linux.FileFlags.S_IFCHR;
import static dev.minidocker.linux.FileFlags.S_IFMT;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.Errno;
import dev.minidocker.linux.FileSyscalls;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.SyscallException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries that are legal tar but hostile or unsupported here: sparse files (every GNU format),
 * hardlinks to symlinks, directories and host files, device nodes without privilege, sizes and
 * numbers beyond reason. Each is applied correctly or refused, never half-understood.
 */
class HostileEntriesTest {
    @TempDir
    Path tmp;
    LayerSandbox box;

    @BeforeEach
    void makeTarget() {
        box = new LayerSandbox(tmp);
    }

    private static Map<String, byte[]> pax(String... keysAndValues) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], RawTar.text(keysAndValues[i + 1]));
        return m;
    }

    @Test
    void sparseFilesAreRefusedInEveryFormat() throws IOException {
        long realSize = (1 << 20) + 3;   // "abc" at 0, "def" at 1 MiB: a hole between
        box.rejected(new RawTar().gnuSparse("sp", new long[][] {{0, 3}, {1 << 20, 3}}, realSize, RawTar.text("abcdef")).build(),
                "layer entry `sp`: sparse files are not supported (old GNU sparse entry)");
        byte[] map = RawTar.text("2\n0\n3\n1048576\n3\n");
        byte[] withMap = new byte[RawTar.BLOCK + 6];
        System.arraycopy(map, 0, withMap, 0, map.length);
        System.arraycopy(RawTar.text("abcdef"), 0, withMap, RawTar.BLOCK, 6);
        box.rejected(new RawTar().pax(pax("GNU.sparse.major", "1", "GNU.sparse.minor", "0", "GNU.sparse.name", "sp",
                        "GNU.sparse.realsize", Long.toString(realSize)))
                .ustar("GNUSparseFile.0/sp", '0', withMap.length, "").data(withMap).build(),
                "layer entry `sp`: sparse files are not supported (GNU sparse format 1.0)");
        box.rejected(new RawTar().pax(pax("GNU.sparse.numblocks", "2", "GNU.sparse.map", "0,3,1048576,3", "GNU.sparse.name", "sp",
                        "GNU.sparse.size", Long.toString(realSize)))
                .ustar("GNUSparseFile.0/sp", '0', 6, "").data(RawTar.text("abcdef")).build(),
                "layer entry `sp`: sparse files are not supported (GNU sparse format 0.x)");
        box.rejected(new RawTar().pax(pax("GNU.sparse.numblocks", "1", "GNU.sparse.offset", "0", "GNU.sparse.numbytes", "6",
                        "GNU.sparse.name", "sp", "GNU.sparse.size", Long.toString(realSize)))
                .ustar("GNUSparseFile.0/sp", '0', 6, "").data(RawTar.text("abcdef")).build(),
                "layer entry `sp`: sparse files are not supported (GNU sparse format 0.x)");
        assertFalse(Files.exists(box.target.resolve("sp")));
        box.assertOutsideUntouched();
    }

    @Test
    void aHardlinkToASymlinkLinksTheSymlinkItself() throws IOException {
        box.apply(new TarBuilder().symlink("l", box.victim.toString()).hardlink("h", "l").build());
        Path l = box.target.resolve("l"), h = box.target.resolve("h");
        assertTrue(Files.isSymbolicLink(h));
        assertEquals(box.victim, Files.readSymbolicLink(h));
        assertEquals(Files.getAttribute(l, "unix:ino", NOFOLLOW_LINKS), Files.getAttribute(h, "unix:ino", NOFOLLOW_LINKS));
        box.assertOutsideUntouched();   // the victim did not gain a link
    }

    @Test
    void aHardlinkToADirectoryIsRefused() throws IOException {
        box.rejected(new TarBuilder().dir("d/", 0755).hardlink("h", "d").build(), "layer entry `h`: linkat `h` to `d`: Operation not permitted");
        box.assertOutsideUntouched();
    }

    @Test
    void aHardlinkThroughSymlinkedParentsNeverReachesAHostFile() throws IOException {
        box.rejected(new TarBuilder().symlink("d", tmp.toString()).hardlink("h", "d/victim").build(), "layer entry `h`");
        box.rejected(new TarBuilder().symlink("a/x", "..").symlink("a/x/y", "../..").hardlink("h", "a/x/y/victim").build(),
                "layer entry `h`: linkat `h` to `victim`: No such file or directory");
        box.assertOutsideUntouched();   // still one link
    }

    /** FileSyscalls as an unprivileged user has them: device nodes (but not 0:0 whiteouts) fail with EPERM. */
    static FileSyscalls unprivileged(FileSyscalls real) {
        return (FileSyscalls) Proxy.newProxyInstance(FileSyscalls.class.getClassLoader(), new Class<?>[] {FileSyscalls.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("geteuid")) return 1000;
                    if (method.getName().equals("mknodat")) {
                        int type = (int) args[2] & S_IFMT;
                        if ((type == S_IFCHR || type == S_IFBLK) && (long) args[3] != 0) {
                            throw new SyscallException("mknodat `" + args[1] + "`", Errno.EPERM);
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void withoutPrivilegeDevicesAreRefusedByNameAndFifosMade() throws IOException {
        FileSyscalls sys = unprivileged(new LinuxFileSyscalls());
        box.apply(new TarBuilder().node("run/fifo", TarConstants.LF_FIFO, 0620, 0, 0).build(), sys);
        assertEquals(010620, Files.getAttribute(box.target.resolve("run/fifo"), "unix:mode"));
        box.rejected(new TarBuilder().node("dev/null", TarConstants.LF_CHR, 0666, 1, 3).build(), sys,
                "layer entry `dev/null`: mknodat `null`: Operation not permitted");
        box.rejected(new TarBuilder().node("dev/sda", TarConstants.LF_BLK, 0660, 8, 0).build(), sys,
                "layer entry `dev/sda`: mknodat `sda`: Operation not permitted");
        box.assertOutsideUntouched();
    }

    @Test
    @RootOnly
    void deviceNumbersTheKernelCannotHoldAreRefused() throws IOException {
        box.rejected(new TarBuilder().node("dev/x", TarConstants.LF_CHR, 0600, 0x7fffffff, 0x7fffffff).build(),
                "layer entry `dev/x`: mknodat `x`: Invalid argument");
        box.assertOutsideUntouched();
    }

    @Test
    void aSizeBeyondTheStreamFailsWithoutWritingIt() throws IOException {
        for (RawTar tar : new RawTar[] {
                new RawTar().pax(pax("size", Long.toString(1L << 40))).ustar("big", '0', 0, "").data(RawTar.text("abc")),
                new RawTar().ustar("big", '0', 077777777777L, "").data(RawTar.text("abc"))}) {
            IOException e = assertThrows(IOException.class, () -> box.apply(tar.build()));
            assertEquals("Truncated TAR archive", e.getMessage());
            assertTrue(Files.size(box.target.resolve("big")) <= RawTar.BLOCK, "wrote what was there, not the size claimed");
        }
        box.assertOutsideUntouched();
    }

    @Test
    void numbersBeyondReasonAreACorruptTar() {
        Map<byte[], String> cases = new LinkedHashMap<>();
        cases.put(new RawTar().pax(pax("size", "-1")).ustar("neg", '0', 0, "").build(), "Entry size is negative");
        cases.put(new RawTar().pax(pax("mtime", "99999999999999999999")).ustar("t", '0', 0, "").build(), "Time field value is invalid");
        cases.put(new RawTar().pax(pax("uid", "99999999999999999999")).ustar("t", '0', 0, "").build(), "Unable to parse long from string value");
        cases.put(new RawTar().ustar("PaxHeaders/x", 'x', 30, "").data(RawTar.text("99999999999 path=x\n"))
                .ustar("x", '0', 0, "").build(), "exceeds size of header record");
        for (Map.Entry<byte[], String> c : cases.entrySet()) {
            Exception e = assertThrows(Exception.class, () -> box.apply(c.getKey()));
            assertTrue(e instanceof IOException || e instanceof LayerException, e.toString());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
        }
    }

    @Test
    void namesLongerThanTheKernelTakesAreRefused() throws IOException {
        box.rejected(new TarBuilder().file("a/" + "n".repeat(256), 0644, "x").build(), "File name too long");
        box.rejected(new TarBuilder().file(("d".repeat(200) + "/").repeat(25) + "f", 0644, "x").build(), "File name too long");
        box.assertOutsideUntouched();
    }
}
