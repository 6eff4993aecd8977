package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.model.DeviceRule;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.Hardening;
import dev.minidocker.runtime.spec.SpecCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** config.json → what stage 2 and the launcher take; refusals (no root). */
class BundleReaderTest {
    @TempDir Path bundle;

    /** What podman 4.3 writes, trimmed to the parts this runtime reads. */
    static final String PODMAN = """
            {"ociVersion":"1.0.2-dev",
             "process":{"user":{"uid":0,"gid":0,"umask":18,"additionalGids":[10]},"args":["echo","hi"],
               "env":["PATH=/bin","TERM=xterm"],"cwd":"/tmp",
               "capabilities":{"bounding":["CAP_CHOWN","CAP_KILL"],"effective":["CAP_CHOWN","CAP_KILL"],
                 "permitted":["CAP_CHOWN","CAP_KILL"]},
               "rlimits":[{"type":"RLIMIT_NOFILE","hard":1024,"soft":512}],"oomScoreAdj":5,"noNewPrivileges":true,
               "somethingNew":{"x":1}},
             "root":{"path":"rootfs"},"hostname":"abc",
             "mounts":[{"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec","nodev"]},
               {"destination":"/etc/hosts","type":"bind","source":"/tmp/hosts","options":["bind","rprivate"]}],
             "annotations":{"io.container.manager":"libpod"},
             "linux":{"sysctl":{"net.ipv4.ping_group_range":"0 0"},
               "resources":{"devices":[{"allow":false,"access":"rwm"}],"pids":{"limit":2048},"memory":{"limit":10485760}},
               "cgroupsPath":"/libpod_parent/libpod-abc",
               "namespaces":[{"type":"pid"},{"type":"network","path":"/run/netns/n1"},{"type":"ipc"},{"type":"uts"},{"type":"mount"}],
               "maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"]}}
            """;

    @BeforeEach
    void rootfs() throws IOException {
        Files.createDirectories(bundle.resolve("rootfs"));
    }

    private Bundle read(String config) throws IOException {
        Files.writeString(bundle.resolve("config.json"), config);
        return BundleReader.read(bundle.toString(), "abc", "/state/abc/exec.fifo");
    }

    @Test
    void podmansConfigBecomesAStage2Spec() throws IOException {
        Bundle b = read(PODMAN);
        ContainerSpec s = b.spec();
        assertEquals(List.of("echo", "hi"), s.args());
        assertEquals("/tmp", s.workingDir());
        assertEquals("0:0", s.user());
        assertEquals("abc", s.hostname());
        assertEquals(bundle.resolve("rootfs").toString(), s.rootfs().target());
        assertFalse(s.rootfs().isOverlay());
        assertEquals(List.of("CAP_CHOWN", "CAP_KILL"), s.capabilities());
        assertEquals("netns:/run/netns/n1", s.network());
        assertEquals(2, s.mounts().size());
        assertEquals(new ContainerSpec.Mount("bind", "/tmp/hosts", "/etc/hosts", List.of("bind", "rprivate")), s.mounts().get(1));
        var x = s.oci();
        assertEquals("/state/abc/exec.fifo", x.startFifo());
        assertEquals(List.of("net.ipv4.ping_group_range=0 0"), s.hardening().sysctls());
        assertEquals(List.of(new Hardening.Rlimit(7, 512, 1024)), s.hardening().rlimits());
        assertEquals(5, x.oomScoreAdj());
        assertTrue(s.hardening().noNewPrivileges());
        assertNull(s.hardening().seccomp());
        assertEquals(List.of(), s.hardening().hostNamespaces(), "every namespace its own, as the bundle asks");
        assertEquals(List.of("10"), x.additionalGids());
        assertEquals(List.of("/proc/kcore"), x.maskedPaths());
        int flags = NamespaceSyscalls.CLONE_NEWPID | NamespaceSyscalls.CLONE_NEWIPC | NamespaceSyscalls.CLONE_NEWUTS
                | NamespaceSyscalls.CLONE_NEWNS;
        assertEquals(flags, b.unshareFlags());
        assertEquals(List.of(new dev.minidocker.runtime.process.Stage2Launcher.Join("/run/netns/n1", NamespaceSyscalls.CLONE_NEWNET)), b.joins());
        assertEquals("libpod_parent/libpod-abc", b.cgroupsPath());
        assertEquals(10485760, b.resources().memory());
        assertEquals(2048L, b.resources().pidsLimit());
        assertEquals(DeviceRule.DOCKER_DEFAULT.get(0), b.resources().devices().get(0), "deny all first");
        assertTrue(b.resources().devices().contains(new DeviceRule(true, 'c', 136, DeviceRule.ANY, "rwm")),
                "runc's default allow-list follows");
        assertEquals("libpod", b.annotations().get("io.container.manager"));
        assertEquals(s, SpecCodec.decode(SpecCodec.encode(s)), "the extras survive the trip to stage 2");
    }

    @Test
    void refusesWhatItCannotHonour() {
        refused("unsupported ociVersion 2.0.0", PODMAN.replace("\"1.0.2-dev\"", "\"2.0.0\""));
        refused("unknown namespace type bogus", PODMAN.replace("{\"type\":\"ipc\"}", "{\"type\":\"bogus\"}"));
        refused("user namespaces are not supported", PODMAN.replace("{\"type\":\"ipc\"}", "{\"type\":\"user\"}"));
        refused("linux.uidMappings", PODMAN.replace("\"maskedPaths\"", "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}],\"maskedPaths\""));
        refused("a mount namespace is required", PODMAN.replace(",{\"type\":\"mount\"}", ""));
        refused("systemd", PODMAN.replace("/libpod_parent/libpod-abc", "machine.slice:libpod:abc"));
        refused("process.args is empty", PODMAN.replace("[\"echo\",\"hi\"]", "[]"));
        refused("unknown rlimit", PODMAN.replace("RLIMIT_NOFILE", "RLIMIT_BOGUS"));
        refused("not a JSON", "[1]");
        refused("limit 18446744073709551616 is out of range", PODMAN.replace("\"limit\":2048", "\"limit\":18446744073709551616"));
    }

    private void refused(String expected, String config) {
        var e = assertThrows(InvalidArgumentException.class, () -> read(config));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void cgroupsPathAsRuncsCgroupfsDriver() {
        assertEquals("a/b", BundleReader.cgroupPath("/a/b", "id"));
        assertEquals("a/b", BundleReader.cgroupPath("a/b", "id"));
        assertEquals("id", BundleReader.cgroupPath(null, "id"));
        assertThrows(InvalidArgumentException.class, () -> BundleReader.cgroupPath("/a/../b", "id"));
    }

    @Test
    void globalFlagsAsRuncTakesThem() {
        var a = OciMain.RuntimeArgs.parse(new String[] {"--root", "/r", "--log", "/l", "--log-format=json", "create", "--bundle", "b", "x"});
        assertEquals(Path.of("/r"), a.root());
        assertEquals("json", a.logFormat());
        assertEquals("create", a.verb());
        assertEquals(List.of("--bundle", "b", "x"), a.rest());
        var e = assertThrows(InvalidArgumentException.class, () -> OciMain.RuntimeArgs.parse(new String[] {"--systemd-cgroup", "create"}));
        assertTrue(e.getMessage().contains("cgroupfs"));
        var v = VerbArgs.parse(List.of("--force", "x"), java.util.Set.of(), java.util.Set.of("force"));
        assertTrue(v.flag("force"));
        assertEquals("x", v.id("delete"));
        assertThrows(InvalidArgumentException.class, () -> VerbArgs.parse(List.of("a/b"), java.util.Set.of(), java.util.Set.of()).id("state"));
    }
}
