package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker client asking for isolation mini-docker does not implement yet: each request is
 * refused with Docker's error (exit 125, the field named) and creates nothing, where it used to
 * run the container with Docker's default privileges; the privilege flags it does implement
 * (issue 12) take effect.
 */
@RootOnly
class DockerClientIsolationRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private TestDaemon daemon;
    private DockerCli docker;
    private String image;

    @BeforeEach
    void start() {
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        daemon = TestDaemon.start(root);
        docker = daemon.docker(dockerConfig);
        docker.run("pull", "-q", image).ok();
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close(); // and its containers removed
    }

    /** Issue 12: the privilege flags of docker run come through the API and take effect; inspect shows them. */
    @Test
    void thePrivilegeFlagsOfDockerRunTakeEffect() throws Exception {
        assertEquals("CapEff:\t0000000000000000\n", docker.run("run", "--rm", "--cap-drop", "ALL", image,
                "grep", "CapEff", "/proc/self/status").ok().stdout());
        assertEquals("changed\n", docker.run("run", "--rm", "--cap-add", "NET_ADMIN", image, "sh", "-c",
                "ip link set lo mtu 1280 && echo changed").ok().stdout());
        assertEquals("NoNewPrivs:\t1\n", docker.run("run", "--rm", "--security-opt", "no-new-privileges", image,
                "grep", "NoNewPrivs", "/proc/self/status").ok().stdout());
        assertEquals("123\n", docker.run("run", "--rm", "--ulimit", "nofile=123:123", image, "sh", "-c", "ulimit -n").ok().stdout());
        assertEquals("1\n", docker.run("run", "--rm", "--sysctl", "net.ipv4.ip_forward=1", image,
                "cat", "/proc/sys/net/ipv4/ip_forward").ok().stdout());
        assertEquals("0 10 1234\n", docker.run("run", "--rm", "--group-add", "10", "--group-add", "1234", image, "id", "-G").ok().stdout());
        assertEquals("3\n", docker.run("run", "--rm", "--device", "/dev/zero:/dev/myzero", image, "sh", "-c",
                "head -c 3 /dev/myzero | wc -c").ok().stdout());
        assertEquals("Seccomp:\t0\n", docker.run("run", "--rm", "--privileged", image,
                "grep", "Seccomp:", "/proc/self/status").ok().stdout());
        // the docker CLI reads a profile file and sends its content
        Path profile = dockerConfig.resolve("no-mkdir.json");
        java.nio.file.Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": "
                + "[{\"names\": [\"mkdirat\", \"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}");
        DockerCli.Result mkdir = docker.run("run", "--rm", "--security-opt", "seccomp=" + profile, image, "mkdir", "/made");
        assertEquals(1, mkdir.exitCode(), mkdir.stdout() + mkdir.stderr());
        assertTrue(mkdir.stderr().contains("Operation not permitted"), mkdir.stderr());
        docker.run("run", "--name", "flags", "--cap-add", "NET_ADMIN", "--cap-drop", "MKNOD", image, "true").ok();
        assertEquals("[CAP_NET_ADMIN] [CAP_MKNOD]\n", docker.run("inspect", "-f", "{{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}}",
                "flags").ok().stdout());
        docker.run("rm", "flags").ok();
        assertEquals("", docker.run("ps", "-aq").ok().stdout(), "nothing left");
    }

    @Test
    void everyUnimplementedIsolationFlagIsRefusedAndNamed() {
        List<List<String>> flags = List.of(
                List.of("--pid", "container:other", "PidMode"),
                List.of("--ipc", "none", "IpcMode"),
                List.of("--cgroupns", "host", "CgroupnsMode"),
                List.of("--security-opt", "systempaths=unconfined", "MaskedPaths"),
                List.of("--cpu-period", "50000", "CpuPeriod"));
        for (List<String> f : flags) {
            List<String> args = new java.util.ArrayList<>(List.of("run", "--rm"));
            args.addAll(f.subList(0, f.size() - 1));
            args.addAll(List.of(image, "true"));
            DockerCli.Result r = docker.run(args.toArray(String[]::new));
            assertEquals(125, r.exitCode(), f + ": " + r.stderr());
            assertTrue(r.stderr().contains("HostConfig." + f.getLast() + " = "), f + ": " + r.stderr());
        }
        assertEquals("", docker.run("ps", "-aq").ok().stdout(), "nothing was created");
    }

    /** A limit added to model/Resources (and the cgroup writer) comes through the docker CLI and shows in inspect. */
    @Test
    void theCpuQuotaOfDockerRunIsAppliedAndInspected() {
        DockerCli.Result r = docker.run("run", "-d", "--name", "quota", "--cpu-quota", "50000", image, "sleep", "30");
        assertEquals(0, r.exitCode(), r.stderr());
        try {
            assertEquals("50000\n", docker.run("inspect", "-f", "{{.HostConfig.CpuQuota}}", "quota").ok().stdout());
        } finally {
            docker.run("rm", "-f", "quota").ok();
        }
    }

    @Test
    void optionsMiniDockerAlreadyMeetsAndExplicitDefaultsRun() {
        DockerCli.Result r = docker.run("run", "--rm", "--security-opt", "seccomp=unconfined", "--ipc", "private",
                "--cgroupns", "private", "--userns", "host", image, "echo", "ok");
        assertEquals("ok\n", r.ok().stdout());
    }
}
