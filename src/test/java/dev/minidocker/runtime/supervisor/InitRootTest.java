package dev.minidocker.runtime.supervisor;

import dev.minidocker.RootOnly;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.container.ContainerStop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.minidocker.runtime.supervisor.LifecycleFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --init: a reaper as PID 1 keeps orphans from piling up as zombies and forwards stop's signal. */
@RootOnly
class InitRootTest {
    /** Two orphans that end after 0.2 s, then a PID-1-to-be that never waits for anything. */
    private static final String[] ORPHANS = {"sh", "-c", "(sleep 0.2 &); (sleep 0.2 &); echo started; exec sleep 1000"};

    @TempDir
    Path tmp;
    LifecycleFixture fx;
    Supervisor supervisor;
    final List<String> ids = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = new LifecycleFixture(tmp);
        supervisor = fx.supervisor();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (String id : ids) new ContainerRemove(fx.store, fx.cgroups).remove(id, true);
            supervisor.close();
            fx.assertNoCgroups(ids);
        } finally {
            fx.leaks.assertNothingLeft();
        }
    }

    String run(boolean init) throws InterruptedException {
        String id = supervisor.run(fx.plan(null, null, init, ORPHANS));
        ids.add(id);
        eventually("the container is up", () -> fx.logText(id).contains("started"));
        Thread.sleep(1000); // the orphans have ended by now
        return id;
    }

    /** Zombie children of the container's PID 1 (zombies are no longer listed in a cgroup). */
    long zombies(String id) throws Exception {
        long init = fx.state(id).pid();
        long n = 0;
        try (var procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (f[0].equals("Z") && Long.parseLong(f[1]) == init) n++;
                } catch (java.io.IOException gone) {
                    // reaped while we looked
                }
            }
        }
        return n;
    }

    @Test
    void withoutInitOrphansStayZombies() throws Exception {
        assertEquals(2, zombies(run(false)), "the control case: sleep as PID 1 reaps nothing");
    }

    @Test
    void initReapsOrphansAndForwardsTheStopSignal() throws Exception {
        String id = run(true);
        assertEquals(0, zombies(id));
        assertTrue(new ContainerStop(fx.store, fx.cgroups).stop(id, 10));
        eventually("the exit is recorded", () -> !fx.state(id).isRunning());
        assertEquals(143, fx.state(id).exitCode(), "SIGTERM reached the command through the init");
    }
}
