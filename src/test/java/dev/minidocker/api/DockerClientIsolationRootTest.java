package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
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
 * run the container with Docker's default privileges; a plain run still works.
 */
@RootOnly
class DockerClientIsolationRootTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    private Daemon daemon;
    private DockerCli docker;
    private String image;

    @BeforeEach
    void start() {
        image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        daemon = Daemon.start(new DaemonOptions(root, DaemonAddress.unix(root.resolve("md.sock")), null, "root"));
        docker = new DockerCli(root.resolve("md.sock"), dockerConfig);
        docker.run("pull", "-q", image).ok();
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.close();
        ContainerStore store = new ContainerStore(root);
        for (String id : store.ids()) new ContainerRemove(store, new CgroupManagerFactory()).remove(id, true);
    }

    @Test
    void capDropAllIsRefusedWithAClearErrorNotRunWithDefaultCapabilities() {
        DockerCli.Result r = docker.run("run", "--rm", "--cap-drop", "ALL", image, "grep", "CapEff", "/proc/self/status");
        assertEquals(125, r.exitCode(), r.stdout() + r.stderr());
        assertEquals("", r.stdout(), "the container must not have run");
        assertTrue(r.stderr().contains("Error response from daemon: mini-docker does not support HostConfig.CapDrop = [\"ALL\"]"),
                r.stderr());
        assertEquals("", docker.run("ps", "-aq").ok().stdout(), "nothing was created");
        assertEquals("hi\n", docker.run("run", "--rm", image, "echo", "hi").ok().stdout(), "a plain run still works");
    }

    @Test
    void everyUnimplementedIsolationFlagIsRefusedAndNamed() {
        List<List<String>> flags = List.of(
                List.of("--security-opt", "no-new-privileges", "SecurityOpt"),
                List.of("--privileged", "Privileged"),
                List.of("--cap-add", "NET_ADMIN", "CapAdd"),
                List.of("--device", "/dev/zero", "Devices"),
                List.of("--pid", "host", "PidMode"),
                List.of("--ipc", "host", "IpcMode"),
                List.of("--uts", "host", "UTSMode"),
                List.of("--cgroupns", "host", "CgroupnsMode"),
                List.of("--security-opt", "systempaths=unconfined", "MaskedPaths"),
                List.of("--ulimit", "nofile=10:10", "Ulimits"),
                List.of("--sysctl", "net.ipv4.ip_forward=1", "Sysctls"),
                List.of("--group-add", "10", "GroupAdd"),
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
