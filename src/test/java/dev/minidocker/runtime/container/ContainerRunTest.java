package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.runtime.ImageResolver;
import dev.minidocker.runtime.RunPlanner;
import dev.minidocker.runtime.RunRequest;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.process.ContainerStarter;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.CommandNotFoundException;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle with fake launcher and cgroups: what gets recorded and what gets cleaned up. */
class ContainerRunTest {
    @TempDir
    Path root;
    @TempDir
    Path hostEtc;

    final List<String> events = new ArrayList<>();
    ContainerSpec startedSpec;

    final class FakeCgroup implements CgroupFactory.Handle {
        boolean oom;

        @Override public void addProcess(long pid) { events.add("addProcess " + pid); }
        @Override public CgroupPlacement placement() {
            events.add("placement");
            return new CgroupPlacement(List.of("/cg/ctr/cgroup.procs"), List.of("/cg/cgroup.procs"));
        }
        @Override public boolean oomKilled() { return oom; }
        @Override public void killAll() { events.add("killAll"); }
        @Override public void destroy() { events.add("destroy"); }
    }

    final FakeCgroup cgroup = new FakeCgroup();
    final CgroupFactory cgroups = new CgroupFactory() {
        @Override public Handle create(String id, Limits limits) { events.add("create " + limits.memoryBytes()); return cgroup; }
        @Override public Optional<Handle> open(String id) { return Optional.of(cgroup); }
    };

    ContainerStarter exitingWith(int code) {
        return (ContainerSpec spec, IntFunction<CgroupPlacement> place) -> {
            startedSpec = spec;
            assertTrue(Files.isDirectory(Path.of(spec.rootfs().upperDir())), "dirs exist before start");
            events.add("spawned");
            assertEquals(List.of("/cg/ctr/cgroup.procs"), place.apply(4242).join());
            events.add("started");
            return new ContainerStarter.Started() {
                @Override public long pid() { return 4242; }
                @Override public int waitFor() { events.add("waited"); return code; }
                @Override public void signal(int signal) { }
            };
        };
    }

    final ContainerStarter notFound = new ContainerStarter() {
        @Override public Started start(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
            place.apply(4242); // stage 2 reports the exec failure after its release
            throw new CommandNotFoundException("exec: \"nosuch\": executable file not found in $PATH");
        }
    };

    RunPlan plan(boolean autoRemove, String name) {
        ImageResolver images = (String ref, ImageResolver.PullPolicy p, String platform, PrintStream progress) ->
                new ImageResolver.ResolvedImage("sha256:" + "c".repeat(64),
                        new ImageConfig.Config(null, null, null, null, List.of("sh"), null, null, null, null),
                        List.of(Path.of("/l0"), Path.of("/l1")));
        RunRequest base = RunRequest.minimal("busybox", null, List.of("true"));
        RunRequest r = new RunRequest(name, autoRemove, false, false, null, null, null, null, null, null, null,
                null, null, false, "32m", null, null, null, null, null, null, null, null, base.image(), base.command());
        return new RunPlanner(images, Map.of(), 2, "h").plan(r, ContainerStore.newId(), System.err);
    }

    ContainerRun runner(ContainerStore store, ContainerStarter starter) {
        Clock clock = Clock.systemUTC();
        return new ContainerRun(store, new ContainerCreate(store, new EtcFilesWriter(hostEtc), clock), starter, cgroups, clock);
    }

    @Test
    void successRecordsExitCodeAndReleasesTheCgroup() throws IOException {
        ContainerStore store = new ContainerStore(root);
        RunPlan plan = plan(false, "ok");
        cgroup.oom = true;
        assertEquals(137, runner(store, exitingWith(137)).run(plan));
        assertEquals(List.of("spawned", "create " + (32L << 20), "placement", "started", "waited", "killAll", "destroy"), events);
        ContainerState s = store.state(plan.id()).orElseThrow();
        assertEquals(ContainerState.EXITED, s.status());
        assertEquals(137, s.exitCode());
        assertTrue(s.oomKilled());
        assertTrue(s.startedAt() != null && s.finishedAt() != null);
        assertNull(s.error());
        assertEquals(List.of("/l1", "/l0"), startedSpec.rootfs().lowerDirs());
        assertEquals(List.of("true"), startedSpec.args());
        assertEquals(plan.id().substring(0, 12) + "\n", Files.readString(Path.of(startedSpec.etcFiles().hostname())));
        assertTrue(Files.readString(Path.of(startedSpec.etcFiles().hosts())).contains("localhost"));
        assertTrue(startedSpec.capabilities().contains("CAP_CHOWN"));
        assertTrue(Files.isDirectory(store.containerDir(plan.id()).resolve("upper")), "kept for a later rm");
    }

    @Test
    void autoRemoveLeavesNothing() {
        ContainerStore store = new ContainerStore(root);
        RunPlan plan = plan(true, null);
        assertEquals(3, runner(store, exitingWith(3)).run(plan));
        assertFalse(Files.exists(store.containerDir(plan.id())));
        assertEquals(List.of(), store.ids());
    }

    @Test
    void failedStartDestroysCgroupRemovesDirsAndMarksRecord() {
        ContainerStore store = new ContainerStore(root);
        RunPlan plan = plan(false, "broken");
        var e = assertThrows(MiniDockerException.class, () -> runner(store, notFound).run(plan));
        assertTrue(e.getMessage().contains("executable file not found"));
        assertEquals(List.of("create " + (32L << 20), "placement", "killAll", "destroy"), events);
        Path dir = store.containerDir(plan.id());
        for (String d : List.of("upper", "work", "merged", "hosts")) assertFalse(Files.exists(dir.resolve(d)), d);
        ContainerState s = store.state(plan.id()).orElseThrow();
        assertEquals(ContainerState.EXITED, s.status());
        assertEquals(127, s.exitCode());
        assertEquals("exec: \"nosuch\": executable file not found in $PATH", s.error());
        assertEquals(plan.id(), store.resolve("broken"));
    }

    @Test
    void failedStartWithAutoRemoveRemovesTheRecordToo() {
        ContainerStore store = new ContainerStore(root);
        RunPlan plan = plan(true, "gone");
        assertThrows(MiniDockerException.class, () -> runner(store, notFound).run(plan));
        assertEquals(List.of(), store.ids());
        assertFalse(Files.exists(store.containerDir(plan.id())));
    }

    @Test
    void cgroupCreationFailureUndoesTheDirs() {
        ContainerStore store = new ContainerStore(root);
        RunPlan plan = plan(false, null);
        CgroupFactory failing = new CgroupFactory() {
            @Override public Handle create(String id, Limits limits) { throw new MiniDockerException("mkdir cgroup: EACCES"); }
            @Override public Optional<Handle> open(String id) { return Optional.empty(); }
        };
        Clock clock = Clock.systemUTC();
        ContainerRun r = new ContainerRun(store, new ContainerCreate(store, new EtcFilesWriter(hostEtc), clock),
                exitingWith(0), failing, clock);
        assertThrows(MiniDockerException.class, () -> r.run(plan));
        assertFalse(Files.exists(store.containerDir(plan.id()).resolve("upper")));
        assertEquals(125, store.state(plan.id()).orElseThrow().exitCode());
        assertEquals(List.of("spawned"), events, "stage 2 was spawned (the launcher kills it), nothing placed");
    }

    @Test
    void nameConflictCreatesNothing() {
        ContainerStore store = new ContainerStore(root);
        runner(store, exitingWith(0)).run(plan(false, "dup"));
        events.clear();
        assertThrows(MiniDockerException.class, () -> runner(store, exitingWith(0)).run(plan(false, "dup")));
        assertEquals(1, store.ids().size());
        assertEquals(List.of(), events);
    }
}
