package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.TestKeys;
import dev.minidocker.linux.seccomp.SyscallProbe;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance for the flags that widen or narrow privileges, through the real CLI:
 * --cap-drop/--cap-add, --privileged, --security-opt seccomp=FILE|unconfined and
 * no-new-privileges, --ulimit. Each container writes what it saw into /out.
 */
@RootOnly
class SecurityOptionsRootTest {
    @TempDir
    Path tmp;
    Path root;
    Path rootfs;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("store");
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
    }

    @AfterEach
    void removeContainers() {
        ContainerStore store = new ContainerStore(root);
        for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
    }

    private CliCall cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        return CliCall.run(all.toArray(String[]::new));
    }

    /** Runs {@code script} in a new container with {@code flags}; returns what it wrote to /out. */
    private String runScript(List<String> flags, String script) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "none"));
        args.addAll(flags);
        args.addAll(List.of("-r", rootfs.toString(), "sh", "-c", "(" + script + ") > /out 2>&1; true"));
        CliCall call = cli(args.toArray(String[]::new));
        assertEquals(0, call.code(), call.err());
        return Files.readString(rootfs.resolve("out"));
    }

    private static String status(String out, String field) {
        for (String line : out.lines().toList()) if (line.startsWith(field + ":")) return line.substring(field.length() + 1).trim();
        throw new AssertionError("no " + field + " in\n" + out);
    }

    private static final String STATUS = "grep -E 'CapEff|NoNewPrivs|Seccomp' /proc/self/status";

    @Test
    void byDefaultDockersCapabilitiesAndTheFilter() throws IOException {
        String out = runScript(List.of(), STATUS);
        assertEquals("00000000a80425fb", status(out, "CapEff"));
        assertEquals("2", status(out, "Seccomp"));
        assertEquals("0", status(out, "NoNewPrivs"));
    }

    /** What the keys probe answered for {@code call}. */
    private static String result(String out, String call) {
        for (String line : out.lines().toList()) if (line.startsWith(call + " ")) return line.substring(call.length() + 1);
        throw new AssertionError("no " + call + " in\n" + out);
    }

    /**
     * The calls by which a root container reached the host: add_key into @u (the host root's user
     * keyring), keyctl, io_uring_setup, made as an attacker makes them (they succeed unfiltered:
     * the unconfined control shows it, and that its key does show in the host's /proc/keys). In a
     * default container each fails (Docker's profile: EPERM; podman's: ENOSYS) and no key arrives.
     */
    @Test
    void keyringAndIoUringCallsFailAndNoKeyReachesTheHost() throws IOException {
        Files.copy(SyscallProbe.keys(), rootfs.resolve("keys"), StandardCopyOption.COPY_ATTRIBUTES);
        String description = "minidocker-i12-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        String out = runScript(List.of(), "/keys " + description);
        for (String call : List.of("add_key", "keyctl", "io_uring_setup")) {
            assertTrue(List.of("EPERM", "ENOSYS").contains(result(out, call)), call + " in a default container:\n" + out);
        }
        assertFalse(Files.readString(Path.of("/proc/keys")).contains(description), "the key reached the host's /proc/keys");

        String control = description + "-unconfined";
        try {
            String unconfined = runScript(List.of("--security-opt", "seccomp=unconfined"), "/keys " + control);
            assertEquals("OK", result(unconfined, "add_key"), unconfined);
            assertEquals("OK", result(unconfined, "io_uring_setup"), unconfined);
            assertTrue(Files.readString(Path.of("/proc/keys")).contains(control), "the unconfined key shows on the host");
        } finally {
            TestKeys.invalidateUserKey(control);
        }
    }

    @Test
    void capDropAllLeavesNoCapability() throws IOException {
        assertEquals("0000000000000000", status(runScript(List.of("--cap-drop", "ALL"), STATUS), "CapEff"));
        // names without CAP_, any case; a drop then an add
        String out = runScript(List.of("--cap-drop", "all", "--cap-add", "chown"), STATUS);
        assertEquals("0000000000000001", status(out, "CapEff"));
    }

    @Test
    void capAddNetAdminLetsTheMtuChange() throws IOException {
        String refused = runScript(List.of(), "ip link set lo mtu 1280 && echo changed");
        assertTrue(refused.contains("Operation not permitted") && !refused.contains("changed"), refused);
        String allowed = runScript(List.of("--cap-add", "CAP_NET_ADMIN"), "ip link set lo mtu 1280 && echo changed");
        assertTrue(allowed.contains("changed"), allowed);
    }

    @Test
    void privilegedHasSysAdminAndNoFilter() throws IOException {
        String out = runScript(List.of("--privileged"), STATUS);
        long caps = Long.parseUnsignedLong(status(out, "CapEff"), 16);
        assertTrue((caps & (1L << 21)) != 0, "CAP_SYS_ADMIN: " + out);
        assertEquals("0", status(out, "Seccomp"));
    }

    @Test
    void noNewPrivilegesIsSetAndTheFilterStays() throws IOException {
        String out = runScript(List.of("--security-opt", "no-new-privileges"), STATUS);
        assertEquals("1", status(out, "NoNewPrivs"));
        assertEquals("2", status(out, "Seccomp"));
        assertEquals("0", status(runScript(List.of("--security-opt", "no-new-privileges=false"), STATUS), "NoNewPrivs"));
    }

    @Test
    void unconfinedRemovesTheFilterAndAProfileFileIsUsed() throws IOException {
        assertEquals("0", status(runScript(List.of("--security-opt", "seccomp=unconfined"), STATUS), "Seccomp"));
        Path profile = tmp.resolve("no-mkdir.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdirat", "mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}""");
        String out = runScript(List.of("--security-opt", "seccomp=" + profile), "mkdir /made; echo status $?");
        assertTrue(out.contains("Operation not permitted") && out.contains("status 1"), out);
        assertTrue(Files.notExists(rootfs.resolve("made")));
    }

    @Test
    void aMissingOrMalformedProfileIsOneLineNamingTheFile() throws IOException {
        Path missing = tmp.resolve("none.json");
        CliCall call = cli("run", "--rm", "--network", "none", "--security-opt", "seccomp=" + missing,
                "-r", rootfs.toString(), "true");
        assertEquals(125, call.code());
        assertEquals("mini-docker: seccomp profile " + missing + ": no such file", call.err().strip());
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"defaultAction\": ");
        call = cli("run", "--rm", "--network", "none", "--security-opt", "seccomp=" + bad, "-r", rootfs.toString(), "true");
        assertEquals(125, call.code());
        assertEquals(1, call.err().strip().lines().count(), call.err());
        assertTrue(call.err().contains("seccomp profile " + bad + ": malformed JSON"), call.err());
        assertEquals(List.of(), new ContainerStore(root).ids(), "nothing left of the refused runs");
    }

    @Test
    void ulimitSetsTheLimits() throws IOException {
        String out = runScript(List.of("--ulimit", "nofile=123:123"), "ulimit -n; ulimit -Hn");
        assertEquals(List.of("123", "123"), out.lines().toList());
    }

    @Test
    void aNamespacedSysctlAppliesAndAHostOneIsRefused() throws IOException {
        String out = runScript(List.of("--sysctl", "net.ipv4.ip_forward=1", "--sysctl", "kernel.shmmax=123456"),
                "cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmax");
        assertEquals(List.of("1", "123456"), out.lines().toList());
        CliCall refused = cli("run", "--rm", "--network", "none", "--sysctl", "kernel.panic=1", "-r", rootfs.toString(), "true");
        assertEquals(125, refused.code());
        assertTrue(refused.err().contains("sysctl \"kernel.panic\""), refused.err());
        CliCall hostNet = cli("run", "--rm", "--network", "host", "--sysctl", "net.ipv4.ip_forward=1", "-r", rootfs.toString(), "true");
        assertEquals(125, hostNet.code());
        assertTrue(hostNet.err().contains("not allowed in host network namespace"), hostNet.err());
    }

    @Test
    void groupAddAddsSupplementaryGroups() throws IOException {
        assertEquals("0 10 1234", runScript(List.of("--group-add", "10", "--group-add", "1234"), "id -G").strip());
    }

    @Test
    void aDeviceIsThereUnderItsNewNameAndReads() throws IOException {
        String out = runScript(List.of("--device", "/dev/zero:/dev/myzero"), "head -c 3 /dev/myzero | od -An -tx1");
        assertEquals("00 00 00", out.strip());
    }

    @Test
    void aDeviceCgroupRuleLetsAMadeNodeOpen() throws IOException {
        String script = "busybox rm -f /loop0; busybox mknod /loop0 b 7 0; busybox dd if=/loop0 of=/dev/null bs=512 count=1 && echo opened";
        assertTrue(runScript(List.of(), script).contains("Operation not permitted"), "refused by default");
        String out = runScript(List.of("--device-cgroup-rule", "b 7:0 r"), script);
        assertTrue(out.contains("opened"), out);
    }

    @Test
    void privilegedHasTheHostsDevicesAndAWritableSys() throws IOException {
        String out = runScript(List.of("--privileged"), "ls /dev; grep ' /sys ' /proc/mounts");
        assertTrue(out.contains("sysfs /sys sysfs rw"), out);
        try (var devices = Files.list(Path.of("/dev"))) {
            for (Path d : devices.toList()) {
                String name = d.getFileName().toString();
                if (name.startsWith("loop") || name.equals("kmsg")) assertTrue(out.lines().anyMatch(name::equals), name + " in\n" + out);
            }
        }
        assertTrue(runScript(List.of(), "grep ' /sys ' /proc/mounts").contains("sysfs /sys sysfs ro"), "without: read-only");
    }

    @Test
    void inspectShowsTheSettings() throws Exception {
        CliCall created = cli("run", "--name", "sec", "--network", "none", "--cap-add", "NET_ADMIN", "--cap-drop", "MKNOD",
                "--security-opt", "no-new-privileges", "--ulimit", "nofile=100:200", "-r", rootfs.toString(), "true");
        assertEquals(0, created.code(), created.err());
        CliCall inspect = cli("inspect", "sec");
        assertEquals(0, inspect.code(), inspect.err());
        var host = dev.minidocker.json.Json.MAPPER.readTree(inspect.out()).get(0).get("HostConfig");
        assertEquals("[\"NET_ADMIN\"]", host.get("CapAdd").toString());
        assertEquals("[\"MKNOD\"]", host.get("CapDrop").toString());
        assertEquals("[\"no-new-privileges\"]", host.get("SecurityOpt").toString());
        assertEquals("[{\"Name\":\"nofile\",\"Soft\":100,\"Hard\":200}]", host.get("Ulimits").toString());
        assertEquals("false", host.get("Privileged").toString());
    }
}
