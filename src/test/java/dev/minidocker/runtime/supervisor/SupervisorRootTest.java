package dev.minidocker.runtime.supervisor;

import dev.minidocker.RootOnly;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.container.ContainerStop;
import dev.minidocker.runtime.container.ContainerWait;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.runtime.container.LogEntry;
import dev.minidocker.runtime.container.LogReader;
import dev.minidocker.state.ContainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.minidocker.runtime.supervisor.LifecycleFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detached containers under a Supervisor built in-process, with real namespaces and cgroups. */
@RootOnly
class SupervisorRootTest {
    @TempDir
    Path tmp;
    LifecycleFixture fx;
    Supervisor supervisor;
    final List<String> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = new LifecycleFixture(tmp);
        supervisor = fx.supervisor();
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        try {
            for (String id : started) {
                if (fx.store.state(id).isPresent()) new ContainerRemove(fx.store, fx.cgroups).remove(id, true);
            }
            supervisor.close();
            fx.assertNoCgroups(started);
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(tmp.toString()));
            for (String id : started) assertFalse(Files.exists(fx.store.containerDir(id)), "container dir left: " + id);
        } finally {
            fx.leaks.assertNothingLeft();   // containers a failed test started but never got the id of
        }
    }

    String run(String restart, String... command) {
        String id = supervisor.run(fx.plan(null, restart, false, command));
        started.add(id);
        return id;
    }

    @Test
    void detachedContainerLogsBothStreamsAndRecordsItsExit() throws Exception {
        String id = run(null, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, new ContainerWait(fx.store).await(id));
        ContainerState s = fx.state(id);
        assertEquals(ContainerState.EXITED, s.status());
        assertEquals(3, s.exitCode());
        assertTrue(s.finishedAt() != null && s.startedAt() != null);
        List<LogEntry> entries = new ArrayList<>();
        new LogReader(fx.store).read(id, -1, false, () -> false, entries::add);
        assertEquals(List.of("out\n", "err\n"), entries.stream().map(LogEntry::log).sorted((a, b) -> a.equals("out\n") ? -1 : 1).toList());
        assertTrue(entries.stream().anyMatch(e -> e.isStderr() && e.log().equals("err\n")));
        assertTrue(entries.stream().allMatch(e -> e.time() != null));
    }

    @Test
    void followedLogsSeeNewLinesUntilTheContainerStops() throws Exception {
        String id = run(null, "sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.3; done");
        List<String> seen = new CopyOnWriteArrayList<>();
        new LogReader(fx.store).read(id, -1, true, () -> Liveness.isRunning(fx.state(id)), e -> seen.add(e.log()));
        assertEquals(List.of("line1\n", "line2\n", "line3\n"), seen);
        List<String> tail = new ArrayList<>();
        new LogReader(fx.store).read(id, 1, false, () -> false, e -> tail.add(e.log()));
        assertEquals(List.of("line3\n"), tail);
    }

    @Test
    void stopKillsAProcessIgnoringSigtermAfterTheTimeout() throws Exception {
        String id = run(null, "sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.1; done");
        eventually("the trap is set", () -> fx.logText(id).contains("ready"));
        long t0 = System.nanoTime();
        assertTrue(new ContainerStop(fx.store, fx.cgroups).stop(id, 1));
        assertTrue(System.nanoTime() - t0 >= 900_000_000L, "SIGKILL came before the timeout");
        eventually("the exit is recorded", () -> !fx.state(id).isRunning());
        assertEquals(137, fx.state(id).exitCode());
        assertTrue(fx.state(id).manuallyStopped());
    }

    @Test
    void onFailureRestartsUpToTheMaximum() throws Exception {
        String id = run("on-failure:2", "sh", "-c", "echo attempt; exit 1");
        eventually("two restarts", () -> fx.state(id).restartCount() == 2 && !fx.state(id).isRunning()
                && !supervisor.isMonitoring(id) && fx.logText(id).split("attempt").length - 1 == 3);
        Thread.sleep(500); // a third restart would come after 400 ms
        assertEquals(2, fx.state(id).restartCount());
        assertEquals(1, fx.state(id).exitCode());
    }

    @Test
    void alwaysRestartsUntilStopped() throws Exception {
        String id = run("always", "sh", "-c", "echo up; sleep 0.2");
        eventually("a restart", () -> fx.state(id).restartCount() >= 1 && fx.state(id).isRunning());
        new ContainerStop(fx.store, fx.cgroups).stop(id, 5);
        eventually("stopped", () -> !fx.state(id).isRunning() && !supervisor.isMonitoring(id));
        int count = fx.state(id).restartCount();
        Thread.sleep(1500);
        assertEquals(count, fx.state(id).restartCount(), "restarted after a stop");
        assertFalse(fx.state(id).isRunning());
    }

    @Test
    void aNewSupervisorAdoptsRunningContainersAndResumesTheirLogs() throws Exception {
        String id = run(null, "sh", "-c", "i=0; while true; do i=$((i+1)); echo tick$i; sleep 0.1; done");
        eventually("output", () -> fx.logText(id).contains("tick2"));
        long pid = fx.state(id).pid();
        supervisor.close();
        Thread.sleep(300); // output meanwhile waits in the FIFO
        supervisor = fx.supervisor();
        assertEquals(1, supervisor.adoptAll());
        assertTrue(supervisor.isMonitoring(id));
        assertEquals(pid, fx.state(id).pid());
        assertTrue(ProcessIdentity.isAlive(pid, fx.state(id).startTime()));
        String before = fx.logText(id);
        eventually("more output", () -> fx.logText(id).length() > before.length() + 20);
        String log = fx.logText(id);
        // No line lost or doubled across the hand-over: tick1..tickN in order.
        String[] lines = log.strip().split("\n");
        for (int i = 0; i < lines.length; i++) assertEquals("tick" + (i + 1), lines[i]);
        new ContainerStop(fx.store, fx.cgroups).stop(id, 5);
        eventually("recorded by the new supervisor", () -> !fx.state(id).isRunning());
    }
}
