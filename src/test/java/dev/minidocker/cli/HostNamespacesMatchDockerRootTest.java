package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.minidocker.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * --pid, --ipc and --uts host: the container is in the host's namespace (the test's own), the
 * host's /dev/shm and name with it, through our CLI as through the docker CLI against our daemon;
 * without them it has its own. The modes show in inspect; bad modes and -h with --uts host fail
 * as the docker CLI's do.
 */
@RootOnly
class HostNamespacesMatchDockerRootTest extends DockerOracleTest {
    private static String hostNs(String kind) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + kind)).toString();
    }

    @Test
    void theHostsNamespacesAsDockersCliSeesThem() throws Exception {
        start("hostns/busybox");
        String image = oracle.image;
        Path shmFile = Files.createTempFile(Path.of("/dev/shm"), "minidocker-ipc-host-", "");
        try {
            List<String> pid = List.of("run", "--rm", "--network", "none", "--pid", "host", image, "readlink", "/proc/self/ns/pid");
            List<String> ipc = List.of("run", "--rm", "--network", "none", "--ipc", "host", image, "sh", "-c",
                    "readlink /proc/self/ns/ipc; ls /dev/shm/" + shmFile.getFileName());
            List<String> uts = List.of("run", "--rm", "--network", "none", "--uts", "host", image, "sh", "-c",
                    "readlink /proc/self/ns/uts; cat /etc/hostname; hostname");
            assertEquals(List.of(), oracle.outputDifferences(List.of(pid, ipc, uts), s -> s));
            assertEquals(hostNs("pid"), oracle.ours.ok(pid.toArray(String[]::new)).out().strip());
            assertEquals(hostNs("ipc") + "\n" + shmFile, oracle.ours.ok(ipc.toArray(String[]::new)).out().strip());
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            assertEquals(hostNs("uts") + "\n" + name + "\n" + name, oracle.ours.ok(uts.toArray(String[]::new)).out().strip());
        } finally {
            Files.deleteIfExists(shmFile);
        }
        // by default, its own
        for (String kind : List.of("pid", "ipc", "uts")) {
            assertNotEquals(hostNs(kind), oracle.ours.ok("run", "--rm", "--network", "none", image, "readlink",
                    "/proc/self/ns/" + kind).out().strip(), kind);
        }
        oracle.ours.ok("run", "-d", "--name", "shared", "--network", "none", "--pid", "host", "--ipc", "host",
                "--uts", "host", image, "sleep", "60");
        List<String> modes = List.of("inspect", "-f", "{{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}}",
                "shared");
        assertEquals(List.of(), oracle.outputDifferences(List.of(modes), s -> s));
        assertEquals("host host host", oracle.ours.ok(modes.toArray(String[]::new)).out().strip());
        assertEquals(List.of(), oracle.exitCodeDifferences(List.of(
                List.of("run", "--rm", "--pid", "bogus", image, "true"),
                List.of("create", "--ipc", "bogus", image, "true"),
                List.of("create", "--pid", "bogus", image, "true"),
                List.of("create", "--uts", "bogus", image, "true"),
                List.of("run", "--rm", "--ipc", "bogus", image, "true"),
                List.of("run", "--rm", "--uts", "host", "-h", "other", image, "true"),
                List.of("create", "--uts", "host", "-h", "other", image, "true"))));
    }
}
