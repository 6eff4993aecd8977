package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store must not give local users root: a setuid-root file a container left in its upper dir,
 * or one from an image layer, must not run for uid 65534 through the store's paths; config.json
 * (with -e secrets) must not be readable by it; a root that a non-root user can write is refused;
 * an old store's 0755 modes are repaired. The test's directories above the store are opened to
 * 65534 (0755, still root's), so the store's own modes are the only barrier, and a control shows
 * that the same setuid file, where 65534 can reach it, does give euid 0.
 */
@RootOnly
class StorePermissionsRootTest {
    static final String SECRET = "hunter2-" + ProcessHandle.current().pid();
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Assumptions.assumeTrue(Files.isExecutable(SetuidProbeImage.ID), "needs /usr/bin/id (coreutils)");
        chmod(tmp, "rwxr-xr-x"); // 65534 may walk down to the store: only the store's modes stop it
        root = tmp.resolve("store");
        Path archive = tmp.resolve("probe.tar");
        SetuidProbeImage.write(archive);
        CliCall load = CliCall.run("--root", root.toString(), "load", "-i", archive.toString());
        assertEquals(0, load.code(), load.err());
    }

    @Test
    void setuidFilesAndSecretsInTheStoreAreOutOfAnotherUsersReach() throws Exception {
        String id = leaveSetuidFileInUpperDir();
        Path upperLeak = root.resolve("containers").resolve(id).resolve("upper/leak");
        Path layerProbe = layerFile("probe-suid");
        Path config = root.resolve("containers").resolve(id).resolve("config.json");
        assertEquals(04755, mode(upperLeak), "the container left a setuid file");
        assertEquals(0, (Integer) Files.getAttribute(upperLeak, "unix:uid"));
        assertEquals(04755, mode(layerProbe));
        assertTrue(Files.readString(config).contains(SECRET));
        assertEuidZeroWhereReachable(upperLeak);

        for (Path suid : List.of(upperLeak, layerProbe)) {
            Result r = asNobody(suid.toString());
            assertNotEquals(0, r.code(), suid + " ran: " + r.out());
            assertFalse(r.out().contains("euid=0"), r.out());
            assertTrue(r.out().contains("Permission denied"), r.out());
        }
        Result read = asNobody("/bin/cat", config.toString());
        assertNotEquals(0, read.code(), read.out());
        assertFalse(read.out().contains(SECRET), read.out());

        assertEquals("rwx------", perms(root), "a new store root");
        for (String d : List.of("containers", "layers", "blobs", "images")) assertEquals("rwx------", perms(root.resolve(d)), d);
        assertEquals("rwx------", perms(root.resolve("containers").resolve(id)));
        assertEquals("rw-------", perms(config));
        assertEquals("rwxr-xr-x", perms(root.resolve("containers").resolve(id).resolve("upper")), "the container's /");
        assertEquals("rw-r--r--", perms(root.resolve("containers").resolve(id).resolve("hosts")), "bind-mounted into it");
        assertEquals(0, Main.run("--root", root.toString(), "rm", id));
    }

    @Test
    void anOldStoreWith0755ModesIsRepairedWhenOpened() throws Exception {
        String id = leaveSetuidFileInUpperDir();
        Path upperLeak = root.resolve("containers").resolve(id).resolve("upper/leak");
        // as a store made before explicit modes: everything by the umask
        List<Path> old = new ArrayList<>(List.of(root, root.resolve("containers"), root.resolve("containers").resolve(id),
                root.resolve("layers")));
        try (Stream<Path> layers = Files.list(root.resolve("layers"))) {
            layers.forEach(old::add);
        }
        for (Path p : old) chmod(p, "rwxr-xr-x");
        chmod(root.resolve("containers").resolve(id).resolve("config.json"), "rw-r--r--");
        Result before = asNobody(upperLeak.toString());
        assertTrue(before.out().contains("euid=0"), "the attack on an old store: " + before.out());

        CliCall ps = CliCall.run("--root", root.toString(), "ps", "-a", "-q");
        assertEquals(0, ps.code(), ps.err());
        assertEquals("rwx--x---", perms(root));
        assertEquals("rwx------", perms(root.resolve("containers")));
        assertEquals("rwx------", perms(root.resolve("layers")));
        Result after = asNobody(upperLeak.toString());
        assertFalse(after.out().contains("euid=0"), after.out());
        assertTrue(after.out().contains("Permission denied"), after.out());
        assertFalse(asNobody("/bin/cat", root.resolve("containers").resolve(id).resolve("config.json").toString())
                .out().contains(SECRET));
        assertEquals(0, Main.run("--root", root.toString(), "rm", id));
    }

    @Test
    void aRootUnderADirectoryANonRootUserCanWriteIsRefusedWithOneLine() throws Exception {
        Path theirs = Files.createDirectories(tmp.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 65534);
        String unsafe = theirs.resolve("store").toString();
        String expected = "mini-docker: refusing store root " + unsafe + ": " + theirs
                + " is owned by uid 65534; only root may own the store root and the directories above it\n";
        // --pull never: whatever happens, no registry is asked
        CliCall run = CliCall.run("--root", unsafe, "run", "--rm", "--pull", "never", SetuidProbeImage.NAME, "true");
        assertEquals(125, run.code());
        assertEquals(expected, run.err());
        for (String[] verb : List.of(new String[] {"images"}, new String[] {"pull", "127.0.0.1:9/none"}, new String[] {"rmi", "x"})) {
            List<String> args = new ArrayList<>(List.of("--root", unsafe));
            args.addAll(List.of(verb));
            CliCall c = CliCall.run(args.toArray(String[]::new));
            assertEquals(1, c.code(), verb[0] + ": " + c.err());
            assertEquals(expected, c.err(), verb[0]);
        }
        CliCall ps = CliCall.run("--root", unsafe, "ps");
        assertEquals(1, ps.code());
        assertFalse(Files.exists(theirs.resolve("store")), "nothing was created in it");

        Path shared = Files.createDirectories(tmp.resolve("shared"));
        chmod(shared, "rwxrwxrwx");
        CliCall writable = CliCall.run("--root", shared.resolve("store").toString(), "ps");
        assertEquals(1, writable.code());
        assertEquals("mini-docker: refusing store root " + shared.resolve("store") + ": " + shared + " is writable by its"
                + " group and others (mode 0777); only its owner may write the store root and the directories above it"
                + " (unless sticky, like /tmp)\n", writable.err());
    }

    /** A container (with an -e secret) that copied the image's id to /leak, setuid root: its id. */
    String leaveSetuidFileInUpperDir() throws Exception {
        CliCall run = CliCall.run("--root", root.toString(), "run", "--network", "none", "-e", "TOKEN=" + SECRET,
                SetuidProbeImage.NAME, "sh", "-c", "cp /probe /leak && chmod 4755 /leak");
        assertEquals(0, run.code(), run.err());
        List<String> ids = new ContainerStore(root).ids();
        assertEquals(1, ids.size());
        return ids.getFirst();
    }

    Path layerFile(String name) throws IOException {
        try (Stream<Path> layers = Files.list(root.resolve("layers"))) {
            return layers.map(l -> l.resolve("diff").resolve(name)).filter(Files::exists).findFirst().orElseThrow();
        }
    }

    /** The same setuid file where 65534 can reach it runs with euid 0: what the store's modes must prevent. */
    void assertEuidZeroWhereReachable(Path setuidFile) throws Exception {
        Path open = Files.createDirectories(tmp.resolve("open"));
        Path copy = open.resolve("copy");
        Files.copy(setuidFile, copy);
        Files.setAttribute(copy, "unix:mode", 04755);
        Result r = asNobody(copy.toString());
        assertTrue(r.out().contains("uid=65534") && r.out().contains("euid=0"), r.out());
        Files.delete(copy);
    }

    record Result(int code, String out) {}

    /**
     * Runs {@code command} as uid/gid 65534 without capabilities. Through a shell: setpriv keeps its
     * capabilities up to its own execve (PR_SET_KEEPCAPS), so the path of the program it executes
     * would be looked up with CAP_DAC_OVERRIDE; the shell it starts has none left.
     */
    static Result asNobody(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                "/bin/sh", "-c", "exec \"$@\"", "sh"));
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }
}
