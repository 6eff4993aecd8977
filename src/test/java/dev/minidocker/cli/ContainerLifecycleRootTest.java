package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.MiniDockerException;
import dev.minidocker.RootOnly;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.testing.StoreLeaks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real containers from a busybox-static root directory: exit codes, limits, mounts, records, and
 * that nothing (mount, cgroup, network object, process) of this test's store outlives a run.
 */
@RootOnly
class ContainerLifecycleRootTest {
    @TempDir
    Path tmp;
    Path root;
    Path rootfs;
    StoreLeaks leaks;

    @BeforeEach
    void setUp() throws IOException {
        root = tmp.resolve("store");
        rootfs = BusyboxRootfs.create(tmp.resolve("rootfs"));
        Path notExec = rootfs.resolve("notexec");
        Files.writeString(notExec, "#!/bin/sh\necho no\n");
        Files.setPosixFilePermissions(notExec, PosixFilePermissions.fromString("rw-r--r--"));
        leaks = StoreLeaks.watch(root);
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        leaks.assertNothingLeft();
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertFalse(mounts.contains(tmp.toString()), "a mount under the test dir survived:\n" + mounts);
    }

    int run(List<String> flags, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("--root", root.toString(), "run", "-r", rootfs.toString()));
        args.addAll(flags);
        args.addAll(List.of(command));
        return Main.run(args.toArray(String[]::new));
    }

    int runCommand(String... command) {
        RunRequest r = RunCommandCommand.request(List.of(command), rootfs.toString());
        return dev.minidocker.engine.Engine.open(root).containers().run(r, "run-command");
    }

    @Test
    void withoutInteractiveStdinIsDevNull() throws IOException {
        // The test JVM's own stdin is a pipe from Maven; without -i the container must not read it.
        Path out = rootfs.resolve("stdin-seen");
        assertEquals(0, run(List.of(), "sh", "-c", "cat > /stdin-seen; test ! -s /stdin-seen && readlink /proc/self/fd/0 > /stdin-seen"));
        assertEquals("/dev/null", Files.readString(out).strip());
    }

    @Test
    void rmRemovesTheAnonymousVolumeAndKeepsTheNamedOne() throws IOException {
        // In this process: the teardown knows the volumes from the record it created, not from a re-read.
        assertEquals(0, run(List.of("--rm", "-v", "/anon", "-v", "kept:/named"), "sh", "-c", "echo a > /anon/f && echo n > /named/f"));
        assertEquals(List.of(), new ContainerStore(root).ids());
        try (var volumes = Files.list(root.resolve("volumes"))) {
            assertEquals(List.of("kept"), volumes.map(v -> v.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(),
                    "the anonymous volume goes with --rm, the named one stays");
        }
        assertEquals("n", Files.readString(root.resolve("volumes/kept/_data/f")).strip());
    }

    @Test
    void runCommandPropagatesExitCodes() {
        assertEquals(0, runCommand("echo", "hello"));
        assertEquals(3, runCommand("sh", "-c", "exit 3"));
        assertEquals(List.of(), new ContainerStore(root).ids(), "run-command is --rm");
    }

    @Test
    void missingAndNonExecutableCommandsAre127And126() {
        assertEquals(127, Main.run("--root", root.toString(), "run", "--rm", "-r", rootfs.toString(), "nosuchcommand"));
        assertEquals(126, Main.run("--root", root.toString(), "run", "--rm", "-r", rootfs.toString(), "/notexec"));
        assertEquals(List.of(), new ContainerStore(root).ids());
    }

    @Test
    void failedStartKeepsARecordWithoutRm() {
        assertEquals(127, run(List.of("--name", "broken"), "nosuchcommand"));
        ContainerStore store = new ContainerStore(root);
        String id = store.resolve("broken");
        ContainerState s = store.state(id).orElseThrow();
        assertEquals(ContainerState.EXITED, s.status());
        assertEquals(127, s.exitCode());
        assertEquals(0, Main.run("--root", root.toString(), "rm", "broken"));
        assertEquals(List.of(), store.ids());
    }

    @Test
    void memoryLimitOomKillsWith137AndRecordsIt() {
        assertEquals(137, run(List.of("--name", "oom", "-m", "32m"), "tail", "/dev/zero"));
        ContainerStore store = new ContainerStore(root);
        ContainerState s = store.state(store.resolve("oom")).orElseThrow();
        assertTrue(s.oomKilled());
        assertEquals(137, s.exitCode());
        assertEquals(0, Main.run("--root", root.toString(), "rm", "oom"));
    }

    @Test
    void pidsLimitStopsAForkBombButNotStage2() {
        // Stage 2 (a JVM with dozens of threads) joins the cgroup only right before execve.
        String bomb = "for i in $(seq 30); do sleep 5 & done; echo survived";
        assertNotEquals(0, run(List.of("--rm", "--pids-limit", "10"), "sh", "-c", bomb));
        assertEquals(0, run(List.of("--rm", "--pids-limit", "10"), "true"));
        assertEquals(0, run(List.of("--rm", "--pids-limit", "10"), "sh", "-c", "for i in $(seq 5); do sleep 0 & done; wait"));
    }

    @Test
    void smallMemoryLimitConstrainsTheCommandNotStage2() {
        assertEquals(0, run(List.of("--rm", "-m", "16m", "--memory-swap", "16m"), "true"));
        String allocate64m = "head -c 67108864 /dev/zero | tail -n 1 > /dev/null";
        assertEquals(137, run(List.of("--name", "oom16", "-m", "16m", "--memory-swap", "16m"), "sh", "-c", allocate64m));
        ContainerStore store = new ContainerStore(root);
        ContainerState s = store.state(store.resolve("oom16")).orElseThrow();
        assertTrue(s.oomKilled());
        assertEquals(137, s.exitCode());
        assertEquals(0, Main.run("--root", root.toString(), "rm", "oom16"));
    }

    @Test
    void containerSeesItsOwnCgroupAsRoot() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out"));
        assertEquals(0, run(List.of("--rm", "--pids-limit", "10", "-v", out + ":/out"), "sh", "-c",
                "cat /proc/self/cgroup > /out/cgroup"));
        List<String> lines = Files.readAllLines(out.resolve("cgroup"));
        assertFalse(lines.isEmpty(), "the container read no /proc/self/cgroup");
        for (String line : lines) {
            assertTrue(line.endsWith(":/"), "outside the container's cgroup namespace root: " + line);
        }
    }

    @Test
    void bindMountIsVisibleAndReadOnlyIsEnforced() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.writeString(data.resolve("marker"), "hello");
        assertEquals(0, run(List.of("--rm", "-v", data + ":/data:ro"), "sh", "-c", "test \"$(cat /data/marker)\" = hello"));
        assertNotEquals(0, run(List.of("--rm", "-v", data + ":/data:ro"), "sh", "-c", "echo x > /data/new"));
        assertEquals(0, run(List.of("--rm", "-v", data + ":/data"), "sh", "-c", "echo x > /data/new"));
        assertTrue(Files.exists(data.resolve("new")));
        assertNotEquals(0, run(List.of("--rm", "--read-only"), "touch", "/x"));
        assertEquals(0, run(List.of("--rm", "--read-only", "--tmpfs", "/scratch"), "touch", "/scratch/x"));
    }

    @Test
    void envHostnameAndWorkdirReachTheProcess() {
        assertEquals(0, run(List.of("--rm", "-e", "GREETING=hi", "-h", "box", "-w", "/tmp/work"), "sh", "-c",
                "test \"$GREETING\" = hi && test \"$(hostname)\" = box && test \"$HOSTNAME\" = box && test \"$(pwd)\" = /tmp/work"));
    }

    @Test
    void psAndRmFollowTheRecord() {
        assertEquals(0, run(List.of("--name", "done"), "true"));
        ContainerStore store = new ContainerStore(root);
        String id = store.resolve("done");
        assertEquals(ContainerState.EXITED, store.state(id).orElseThrow().status());
        assertEquals(0, Main.run("--root", root.toString(), "ps", "-a"));
        assertEquals(125, run(List.of("--name", "done"), "true"), "name in use");
        assertEquals(0, Main.run("--root", root.toString(), "rm", id.substring(0, 8)));
        assertThrows(MiniDockerException.class, () -> store.resolve("done"));
        assertFalse(Files.exists(store.containerDir(id)));
    }
}
