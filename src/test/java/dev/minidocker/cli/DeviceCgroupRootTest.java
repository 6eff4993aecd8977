package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.RootOnly;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host-device escape of the security audit (issue 18, item 2), run for real: root in a
 * container (CAP_MKNOD) makes nodes for the host's kernel log (c 1:11), hardware RNG (c 10:183) and
 * first loop device (b 7:0) and opens them. The devices cgroup must refuse every open with EPERM,
 * while the nodes Docker gives a container keep working, for a foreground run, a detached one,
 * an exec, and a run through the daemon's waiting stage 2s; and the cgroup goes with the container.
 * Every container writes its findings into /out of the root directory the test reads.
 */
@RootOnly
class DeviceCgroupRootTest {
    private static final Path DEVICES = Path.of("/sys/fs/cgroup/devices/minidocker");
    /** Makes the three nodes (mknod itself is allowed, as in Docker) and tries to open each. */
    private static final String ATTACK = "rm -f /tmp/kmsg /tmp/hwrng /tmp/loop0;"
            + " mknod /tmp/kmsg c 1 11 && echo mknod-kmsg-ok;"
            + " echo escdev-attack > /tmp/kmsg && echo kmsg-written;"
            + " mknod /tmp/hwrng c 10 183 && echo mknod-hwrng-ok;"
            + " dd if=/tmp/hwrng of=/dev/null bs=1 count=1 && echo hwrng-read;"
            + " mknod /tmp/loop0 b 7 0 && echo mknod-loop0-ok;"
            + " dd if=/tmp/loop0 of=/dev/null bs=512 count=1 && echo loop0-opened;";
    private static final List<String> REFUSED = List.of("sh: can't create /tmp/kmsg: Operation not permitted",
            "dd: can't open '/tmp/hwrng': Operation not permitted", "dd: can't open '/tmp/loop0': Operation not permitted");

    @TempDir
    Path tmp;
    Path root;
    Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("store");
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        for (String applet : List.of("mknod", "dd", "rm", "wc")) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
    }

    @AfterEach
    void removeContainersAndStopTheDaemon() throws Exception {
        // Also after a failure: a detached container left running would outlive the daemon.
        ContainerStore store = new ContainerStore(root);
        for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
        Path info = root.resolve("daemon.json");
        if (!Files.exists(info)) return;
        long pid = new ObjectMapper().readTree(Files.readAllBytes(info)).get("Pid").asLong();
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("daemon did not stop", e);
            }
        });
    }

    private int cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new));
    }

    /** Runs {@code script} in a new container with {@code flags}; returns what it wrote to /out. */
    private String runScript(List<String> flags, String script) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
        args.addAll(flags);
        args.addAll(List.of("-r", rootfs.toString(), "sh", "-c", "(" + script + ") > /out 2>&1; true"));
        assertEquals(0, cli(args.toArray(String[]::new)));
        return Files.readString(rootfs.resolve("out"));
    }

    private static void assertAttackRefused(String out) {
        for (String line : REFUSED) assertTrue(out.contains(line), "expected \"" + line + "\" in:\n" + out);
        for (String node : List.of("kmsg", "hwrng", "loop0")) assertTrue(out.contains("mknod-" + node + "-ok"), out);
        for (String escaped : List.of("kmsg-written", "hwrng-read", "loop0-opened")) {
            assertFalse(out.contains(escaped), escaped + ":\n" + out);
        }
    }

    /** The container cgroups under the devices hierarchy whose name starts with {@code prefix}. */
    private static List<Path> devicesCgroups(String prefix) throws IOException {
        if (!Files.isDirectory(DEVICES)) return List.of();
        try (Stream<Path> s = Files.list(DEVICES)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    @Test
    void aForegroundContainerCannotOpenHostDevicesButKeepsDockersOwn() throws IOException {
        String out = runScript(List.of(), ATTACK + " hostname > /id;"
                + " echo x > /dev/null && echo null-ok; head -c 3 /dev/zero | wc -c; head -c 5 /dev/urandom | wc -c;"
                + " head -c 2 /dev/random | wc -c; echo x > /dev/full || echo full-refused-write;"
                + " exec 3<>/dev/ptmx && echo ptmx-ok && ls /dev/pts");
        assertAttackRefused(out);
        assertTrue(out.contains("null-ok\n3\n5\n2\n"), out);
        // /dev/full opens; only the write fails, with ENOSPC: the cgroup let it through.
        assertTrue(out.contains("write error: No space left on device") && out.contains("full-refused-write"), out);
        assertTrue(out.contains("ptmx-ok\n0\nptmx\n"), "a new pty slave 136:0 appears:\n" + out);
        String shortId = Files.readString(rootfs.resolve("id")).strip();
        assertEquals(12, shortId.length(), shortId);
        assertEquals(List.of(), devicesCgroups(shortId), "the container's devices cgroup outlived it");
    }

    @Test
    void withATerminalTtyConsoleAndPtsWork() throws IOException {
        String out = runScript(List.of("-t"), "echo via-tty > /dev/tty && echo tty-ok; echo via-console > /dev/console"
                + " && echo console-ok; exec 3<>/dev/ptmx && echo ptmx-ok; " + ATTACK);
        assertTrue(out.contains("tty-ok") && out.contains("console-ok") && out.contains("ptmx-ok"), out);
        assertAttackRefused(out);
    }

    @Test
    void detachedExecAndDaemonRunsAreConfinedAndTheCgroupGoesWithRm() throws Exception {
        // run -d goes through the daemon (started on demand); its devices cgroup holds Docker's list.
        assertEquals(0, cli("run", "-d", "--name", "dev", "--network", "none", "-r", rootfs.toString(),
                "sh", "-c", "(" + ATTACK.replace("/tmp/", "/tmp/d-") + ") > /out-detached 2>&1; sleep 60"));
        String id = devicesCgroupOf("dev");
        assertEquals(List.of("c 1:5 rwm", "c 1:3 rwm", "c 1:9 rwm", "c 1:8 rwm", "c 5:0 rwm", "c 5:1 rwm", "c *:* m",
                "b *:* m", "c 1:7 rwm", "c 136:* rwm", "c 5:2 rwm", "c 10:200 rwm"),
                Files.readAllLines(DEVICES.resolve(id).resolve("devices.list")));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.readString(rootfs.resolve("out-detached")).contains("loop0") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertAttackRefused(Files.readString(rootfs.resolve("out-detached")).replace("/tmp/d-", "/tmp/"));

        // exec joins the container's cgroups, the devices one included.
        assertEquals(0, cli("exec", "dev", "sh", "-c", "(" + ATTACK + ") > /out-exec 2>&1; true"));
        assertAttackRefused(Files.readString(rootfs.resolve("out-exec")));

        // With the daemon up, a foreground run goes to it and takes one of its waiting stage 2s.
        String out = runScript(List.of(), ATTACK + " hostname > /id");
        assertAttackRefused(out);
        assertEquals(List.of(), devicesCgroups(Files.readString(rootfs.resolve("id")).strip()));

        assertEquals(0, cli("rm", "-f", "dev"));
        assertFalse(Files.exists(DEVICES.resolve(id)), "the devices cgroup outlived rm -f");
    }

    /** The container's id; its devices cgroup must exist while it runs. */
    private String devicesCgroupOf(String name) {
        CliCall inspect = CliCall.run("--root", root.toString(), "inspect", "-f", "{{.Id}}", name);
        assertEquals(0, inspect.code(), inspect.err());
        String id = inspect.out().strip();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertTrue(Files.isDirectory(DEVICES.resolve(id)), "no devices cgroup for " + id);
        return id;
    }
}
