package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.engine.container.RunPlanner;
import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.engine.image.ImageResolver;
import dev.minidocker.engine.image.PullPolicy;
import dev.minidocker.engine.image.ResolvedImage;
import dev.minidocker.model.Resources;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stage2Source;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The foreground run with a fake stage 2 source and cgroups: what gets recorded and what gets cleaned up. */
class ContainerRunTest {
    @TempDir
    Path root;
    @TempDir
    Path hostEtc;

    final List<String> events = new ArrayList<>();
    ContainerSpec startedSpec;

    class FakeCgroup implements CgroupFactory.Handle {
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
        @Override public Handle create(String id, Resources limits) { events.add("create " + limits.memory()); return cgroup; }
        @Override public Optional<Handle> open(String id) { return Optional.of(cgroup); }
    };

    /** Where stage 2 "comes from" in these tests: a fake that records what a start does with it. */
    abstract class FakeSource implements Stage2Source {
        final List<String> releases = new ArrayList<>();

        @Override
        public Taken take(ContainerSpec spec) {
            startedSpec = spec;
            assertTrue(Files.isDirectory(Path.of(spec.rootfs().upperDir())), "dirs exist before start");
            events.add("spawned");
            return this::release;
        }

        abstract RunningContainer release(ContainerSpec spec, IntFunction<CgroupPlacement> place);

        @Override
        public void released(ContainerSpec spec, RunningContainer init) {
            releases.add(init == null ? "failed" : "started " + init.pid());
        }
    }

    FakeSource exitingWith(int code) {
        return new FakeSource() {
            @Override
            RunningContainer release(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
                assertEquals(List.of("/cg/ctr/cgroup.procs"), place.apply(4242).join());
                events.add("started");
                return new RunningContainer() {
                    @Override public int pid() { return 4242; }
                    @Override public int waitFor() { events.add("waited"); return code; }
                    @Override public void signal(int signal) { events.add("signal " + signal); }
                };
            }
        };
    }

    final FakeSource notFound = new FakeSource() {
        @Override
        RunningContainer release(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
            place.apply(4242); // stage 2 reports the exec failure after its release
            throw new CommandNotFoundException("exec: \"nosuch\": executable file not found in $PATH");
        }
    };

    RunPlan plan(boolean autoRemove, String name) {
        ImageResolver images = (String ref, PullPolicy p, String platform, PrintStream progress) ->
                new ResolvedImage("sha256:" + "c".repeat(64),
                        new ImageConfig.Config(null, null, null, null, List.of("sh"), null, null, null, null),
                        List.of(Path.of("/l0"), Path.of("/l1")));
        RunRequest r = new RunRequest.Builder().name(name).autoRemove(autoRemove)
                .resources(Resources.NONE.withMemory(32L << 20)).image("busybox").command(List.of("true")).build();
        return new RunPlanner(images, Map.of(), 2, "h").plan(r, ContainerStore.newId(), System.err);
    }

    int run(ContainerStore store, RunPlan plan, Stage2Source source) {
        return run(store, cgroups, plan, source);
    }

    int run(ContainerStore store, CgroupFactory cgroups, RunPlan plan, Stage2Source source) {
        Clock clock = Clock.systemUTC();
        ContainerCreate.Created created = new ContainerCreate(store, new EtcFilesWriter(hostEtc), clock).create(plan);
        return new ContainerRun(store, cgroups, NetworkSetup.NONE, clock).run(plan, created, source);
    }

    @Test
    void successRecordsExitCodeAndReleasesTheCgroup() throws IOException {
        ContainerStore store = new ContainerStore(root);
        RunPlan plan = plan(false, "ok");
        cgroup.oom = true;
        FakeSource source = exitingWith(137);
        assertEquals(137, run(store, plan, source));
        assertEquals(List.of("started 4242"), source.releases, "the source hears of the release once");
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
        assertEquals(3, run(store, plan, exitingWith(3)));
        assertFalse(Files.exists(store.containerDir(plan.id())));
        assertEquals(List.of(), store.ids());
    }

    @Test
    void failedStartDestroysCgroupRemovesDirsAndMarksRecord() {
        ContainerStore store = new ContainerStore(root);
        RunPlan plan = plan(false, "broken");
        var e = assertThrows(MiniDockerException.class, () -> run(store, plan, notFound));
        assertEquals(List.of("failed"), notFound.releases);
        assertTrue(e.getMessage().contains("executable file not found"));
        assertEquals(List.of("spawned", "create " + (32L << 20), "placement", "killAll", "destroy"), events);
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
        assertThrows(MiniDockerException.class, () -> run(store, plan, notFound));
        assertEquals(List.of(), store.ids());
        assertFalse(Files.exists(store.containerDir(plan.id())));
    }

    @Test
    void cgroupCreationFailureUndoesTheDirs() {
        ContainerStore store = new ContainerStore(root);
        RunPlan plan = plan(false, null);
        CgroupFactory failing = new CgroupFactory() {
            @Override public Handle create(String id, Resources limits) { throw new MiniDockerException("mkdir cgroup: EACCES"); }
            @Override public Optional<Handle> open(String id) { return Optional.empty(); }
        };
        assertThrows(MiniDockerException.class, () -> run(store, failing, plan, exitingWith(0)));
        assertFalse(Files.exists(store.containerDir(plan.id()).resolve("upper")));
        assertEquals(125, store.state(plan.id()).orElseThrow().exitCode());
        assertEquals(List.of("spawned"), events, "stage 2 was spawned (the launcher kills it), nothing placed");
    }

    @Test
    void nameConflictCreatesNothing() {
        ContainerStore store = new ContainerStore(root);
        run(store, plan(false, "dup"), exitingWith(0));
        events.clear();
        assertThrows(MiniDockerException.class, () -> run(store, plan(false, "dup"), exitingWith(0)));
        assertEquals(1, store.ids().size());
        assertEquals(List.of(), events);
    }

    /** A start and a teardown over a fresh record, as ContainerRun wires them. */
    final class Parts {
        final Clock clock = Clock.systemUTC();
        final ContainerStore store = new ContainerStore(root);
        final ContainerStart start = new ContainerStart(store, cgroups, NetworkSetup.NONE, clock);
        final ContainerTeardown teardown = new ContainerTeardown(store, cgroups, NetworkSetup.NONE, clock);
        final RunPlan plan;
        final ContainerCreate.Created created;
        final LiveContainer c;

        Parts(boolean autoRemove) {
            plan = plan(autoRemove, null);
            created = new ContainerCreate(store, new EtcFilesWriter(hostEtc), clock).create(plan);
            c = LiveContainer.foreground(created.record());
        }

        RunningContainer start(Stage2Source source) {
            return start.start(c, created.record(), created.spec(), plan.limits(), source, null);
        }
    }

    @Test
    void aShutdownHookBeforeThePlacementLeavesNoCgroupAndStartsNothing() {
        Parts p = new Parts(false);
        FakeSource hookWhileStage2Boots = new FakeSource() {
            @Override
            RunningContainer release(ContainerSpec spec, IntFunction<CgroupPlacement> place) {
                p.teardown.abandoned(p.c); // the JVM exits while stage 2 still boots
                place.apply(4242);
                throw new AssertionError("placed after the teardown");
            }
        };
        var e = assertThrows(MiniDockerException.class, () -> p.start(hookWhileStage2Boots));
        assertEquals("mini-docker was terminated; container not started", e.getMessage());
        assertEquals(List.of("spawned", "create " + (32L << 20), "destroy"), events);
        assertEquals(List.of("failed"), hookWhileStage2Boots.releases);
        ContainerState s = p.store.state(p.plan.id()).orElseThrow();
        assertEquals(137, s.exitCode());
        assertEquals("mini-docker was terminated; container killed", s.error());
    }

    @Test
    void aContainerIsTornDownOnceWhoeverComesFirst() {
        Parts p = new Parts(false);
        RunningContainer init = p.start(exitingWith(0));
        events.clear();
        p.teardown.abandoned(p.c); // the hook, while the command runs: init killed, then its cgroup
        assertEquals(List.of("killAll", "signal 9", "destroy"), events);
        init.waitFor();
        p.c.reaped();
        assertNull(p.teardown.ended(p.c, 0, null), "the end of a container torn down already records nothing");
        assertEquals(List.of("killAll", "signal 9", "destroy", "waited"), events);
        assertEquals(137, p.store.state(p.plan.id()).orElseThrow().exitCode());
    }

    @Test
    void aCgroupThatStaysKeepsTheRecordOfARmRunButTheEndIsRecorded() {
        Parts p = new Parts(true);
        RuntimeException busy = new MiniDockerException("remove cgroup: Device or resource busy");
        p.c.holdCgroup(new FakeCgroup() {
            @Override public void destroy() { throw busy; }
        });
        assertSame(busy, assertThrows(MiniDockerException.class, () -> p.teardown.ended(p.c, 3, null)));
        ContainerState s = p.store.state(p.plan.id()).orElseThrow(() -> new AssertionError("record removed: nothing left to rm the cgroup by"));
        assertEquals(ContainerState.EXITED, s.status());
        assertEquals(3, s.exitCode());
    }

    @Test
    void aCgroupSomeoneElseRemovedMeanwhileIsNoFailure() {
        Parts p = new Parts(true);
        p.c.holdCgroup(new FakeCgroup() {
            @Override public void destroy() { throw new MiniDockerException("remove cgroup: No such file or directory"); }
        });
        CgroupFactory gone = new CgroupFactory() {
            @Override public Handle create(String id, Resources limits) { throw new AssertionError(); }
            @Override public Optional<Handle> open(String id) { return Optional.empty(); }
        };
        ContainerTeardown teardown = new ContainerTeardown(p.store, gone, NetworkSetup.NONE, p.clock);
        assertEquals(0, teardown.ended(p.c, 0, null).exitCode());
        assertEquals(List.of(), p.store.ids(), "--rm removed the record");
    }

    @Test
    void theEndOfAnAdoptedContainerWhoseStatusIsLostSaysSo() {
        Parts p = new Parts(false);
        ContainerState running = ContainerState.created().running(Integer.MAX_VALUE, 1, p.clock.instant()); // no such pid
        p.store.writeState(p.plan.id(), running);
        LiveContainer adopted = LiveContainer.found(p.created.record(), running, cgroup);
        List<String> told = new ArrayList<>();
        ContainerState s = p.teardown.ended(adopted, null, (id, state) -> told.add(id + " " + state.exitCode()));
        assertEquals(ContainerExit.LOST, s.exitCode());
        assertEquals(ContainerTeardown.LOST_MESSAGE, s.error());
        assertEquals(List.of(p.plan.id() + " 255"), told);
        assertEquals(List.of("killAll", "destroy"), events);
    }

    @Test
    void anAdoptedContainerThatStopEndedIsRecorded137() {
        Parts p = new Parts(false);
        ContainerState running = ContainerState.created().running(Integer.MAX_VALUE, 1, p.clock.instant()); // no such pid
        p.store.writeState(p.plan.id(), running.withManuallyStopped(true)); // what stop records before its signals
        LiveContainer adopted = LiveContainer.found(p.created.record(), running, cgroup);
        ContainerState s = p.teardown.ended(adopted, null, null);
        assertEquals(137, s.exitCode());
        assertEquals(137, p.store.state(p.plan.id()).orElseThrow().exitCode());
    }

    @Test
    void aStateThatCannotBeWrittenAtTheEndStillLeavesTheTeardownAndRmToRun() throws Exception {
        Parts p = new Parts(true);
        p.c.holdCgroup(cgroup);
        // The end's state write fails as on a full disk: state.json is a non-empty directory now.
        java.nio.file.Path state = p.store.containerDir(p.plan.id()).resolve("state.json");
        java.nio.file.Files.delete(state);
        java.nio.file.Files.createDirectories(state.resolve("blocker"));
        RuntimeException failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> p.teardown.ended(p.c, 0, null));
        assertTrue(failure.getMessage() != null && !failure.getMessage().isBlank());
        assertEquals(List.of("killAll", "destroy"), events, "the cgroup went all the same");
        assertEquals(List.of(), p.store.ids(), "--rm removed the record all the same");
    }
}
