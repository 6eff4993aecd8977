package dev.minidocker.runtime.supervisor;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.Fifo;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.container.ContainerCreate;
import dev.minidocker.runtime.container.ContainerExit;
import dev.minidocker.runtime.container.ContainerStop;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.container.StartableContainers;
import dev.minidocker.runtime.container.StoredSpec;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stage2Launcher;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns detached containers: starts them (stage 2 exactly as {@code run}, output into FIFOs under
 * the container dir), copies their output into json-file logs, records how they end and applies
 * their restart policy. One instance lives in the daemon; tests construct it directly. A new
 * instance over the same store finds running containers again ({@link #adoptAll()}): they keep
 * running, their logs resume.
 *
 * <p>Thread-safe. Verbs that only signal or read (stop, kill, wait, logs, inspect) need no
 * supervisor: see {@link ContainerStop}, {@link ContainerWait}, {@link LogReader}.
 */
public final class Supervisor implements AutoCloseable {
    static final String STDOUT_FIFO = "stdout.fifo", STDERR_FIFO = "stderr.fifo";
    /** Exit code recorded when a container ended while no supervisor watched it. */
    public static final int LOST_EXIT_CODE = 255;

    private final ContainerStore store;
    private final ContainerCreate creator;
    private final CgroupFactory cgroups;
    private final Clock clock;
    private final Map<String, ContainerMonitor> monitors = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("minidocker-restarts").unstarted(r));
    private final int[] wake = ProcessSyscalls.pipe();
    private final java.util.List<ExitListener> exitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Stage2Launcher launcher;
    private volatile dev.minidocker.runtime.process.Stage2Pool stage2Pool;
    private volatile boolean closed;

    private final dev.minidocker.runtime.host.NetworkSetup network;

    public Supervisor(ContainerStore store, ContainerCreate creator, CgroupFactory cgroups, Clock clock) {
        this(store, creator, cgroups, clock, dev.minidocker.runtime.host.NetworkSetup.NONE);
    }

    public Supervisor(ContainerStore store, ContainerCreate creator, CgroupFactory cgroups, Clock clock,
                      dev.minidocker.runtime.host.NetworkSetup network) {
        this.network = network;
        this.store = store;
        this.creator = creator;
        this.cgroups = cgroups;
        this.clock = clock;
    }

    public ContainerStore store() {
        return store;
    }

    /** Told about every end this supervisor records, before --rm removes the record (the daemon's wait uses it). */
    @FunctionalInterface
    public interface ExitListener {
        void exited(String id, ContainerState state);
    }

    public void addExitListener(ExitListener listener) {
        exitListeners.add(listener);
    }

    /** {@code create}: the record, dirs and stored spec of a plan; state "created". Returns the record. */
    public ContainerRecord create(RunPlan plan) {
        return StartableContainers.create(store, creator, plan);
    }

    /** {@code run -d}: create and start; a container that cannot start is removed if it was --rm. */
    public String run(RunPlan plan) {
        create(plan);
        start(plan.id());
        return plan.id();
    }

    /** {@code start}: starts a created or stopped container; a running one is left alone. */
    public void start(String nameOrId) {
        String id = store.resolve(nameOrId);
        synchronized (lockOf(id)) {
            ContainerState state = store.state(id).orElseThrow(() -> new MiniDockerException("No such container: " + nameOrId));
            if (state.isRunning() && ProcessIdentity.isAlive(state.pid(), state.startTime())) return;
            store.updateState(id, s -> s.withManuallyStopped(false));
            launch(id, nameOrId);
        }
    }

    /** {@code restart}: stop (signal, then SIGKILL after {@code timeoutSeconds}), then start. */
    public void restart(String nameOrId, int timeoutSeconds) {
        String id = store.resolve(nameOrId);
        new ContainerStop(store, cgroups).stop(id, timeoutSeconds);
        start(id);
    }

    /** Starts stage 2 with its output into the FIFOs and a monitor on it; records the failure if it fails. */
    private void launch(String id, String nameForErrors) {
        Path dir = store.containerDir(id);
        StoredSpec stored = StoredSpec.load(dir, nameForErrors);
        String out = dir.resolve(STDOUT_FIFO).toString(), err = dir.resolve(STDERR_FIFO).toString();
        Fifo.create(out);
        Fifo.create(err);
        int[] fds = {-1, -1, -1, -1, -1}; // container out, err; reader out, err; /dev/null
        CgroupFactory.Handle[] cgroup = {null};
        ContainerRecord record = store.load(id).orElseThrow(() -> new MiniDockerException("No such container: " + nameForErrors));
        try {
            fds[0] = Fifo.openForContainer(out);
            fds[1] = Fifo.openForContainer(err);
            fds[2] = Fifo.openReader(out); // opened while a writer exists: no false end of file
            fds[3] = Fifo.openReader(err);
            fds[4] = new LinuxFileSyscalls().open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
            java.util.function.IntFunction<dev.minidocker.runtime.spec.CgroupPlacement> place = pid -> {
                cgroup[0] = cgroups.create(id, stored.limits());
                network.setUp(record, pid);
                return cgroup[0].placement();
            };
            Stdio stdio = Stdio.of(fds[4], fds[0], fds[1]);
            dev.minidocker.runtime.process.Stage2Pool pool = stage2Pool;
            Stage2Launcher.Spawned warm = pool != null ? pool.claim(stored.spec()) : null;
            RunningContainer c;
            try {
                c = warm != null ? launcher().release(warm, stored.spec(), place, stdio) // the FIFOs go with the release
                        : launcher().startPlaced(stored.spec(), place, stdio);
            } finally {
                if (pool != null && dev.minidocker.runtime.process.Stage2Pool.serves(stored.spec())) pool.refill();
            }
            for (int i : new int[] {0, 1, 4}) {
                ProcessSyscalls.close(fds[i]);
                fds[i] = -1;
            }
            long startTime = ProcessIdentity.startTime(c.pid()).orElse(0);
            int pidfd = PidFd.open(c.pid(), startTime).orElse(-1);
            ContainerMonitor m = new ContainerMonitor(id, c, pidfd, new int[] {fds[2], fds[3]}, wake[0],
                    new LogWriter(LogWriter.fileOf(dir), clock), cgroup[0]);
            // Watched before the record says running: a command that ends at once (echo) must not
            // look like a lost container (dead pid, no monitor) to a reader in between, or an
            // attach would end before its output reached the log.
            monitors.put(id, m);
            store.updateState(id, s -> s.running(c.pid(), startTime, clock.instant()));
            m.start(this::ended);
        } catch (RuntimeException e) {
            monitors.remove(id);
            for (int fd : fds) ProcessSyscalls.close(fd);
            try {
                CgroupRelease.release(cgroup[0]);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            try {
                network.tearDown(id);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            store.updateState(id, s -> s.failed(ContainerExit.ofStartFailure(e), e.getMessage(), clock.instant()));
            throw e;
        }
    }

    /**
     * Finds the containers a previous supervisor owned. Running ones get a monitor again (their
     * output waited in the FIFOs); detached ones that ended meanwhile are recorded as exited
     * (exit status lost: they were not our children) and their restart policy applies.
     * Returns how many running containers were adopted.
     */
    public int adoptAll() {
        int adopted = 0;
        for (String id : store.ids()) {
            synchronized (lockOf(id)) {
                if (monitors.containsKey(id)) continue;
                ContainerState state = store.state(id).orElse(null);
                Path dir = store.containerDir(id);
                if (state == null || !state.isRunning() || !Files.exists(dir.resolve(STDOUT_FIFO))) continue;
                OptionalInt pidfd = PidFd.open(state.pid(), state.startTime());
                if (pidfd.isEmpty()) {
                    ended(new ContainerMonitor.Outcome(id, null, false));
                    continue;
                }
                int[] readers = {-1, -1};
                try {
                    readers[0] = Fifo.openReader(dir.resolve(STDOUT_FIFO).toString());
                    readers[1] = Fifo.openReader(dir.resolve(STDERR_FIFO).toString());
                } catch (RuntimeException e) {
                    for (int fd : readers) ProcessSyscalls.close(fd);
                    ProcessSyscalls.close(pidfd.getAsInt());
                    throw e;
                }
                ContainerMonitor m = new ContainerMonitor(id, null, pidfd.getAsInt(), readers, wake[0],
                        new LogWriter(LogWriter.fileOf(dir), clock), cgroups.open(id).orElse(null));
                monitors.put(id, m);
                m.start(this::ended);
                adopted++;
            }
        }
        return adopted;
    }

    /** A container is gone: record it, then remove it (--rm) or restart it (policy). */
    private void ended(ContainerMonitor.Outcome o) {
        String id = o.id();
        synchronized (lockOf(id)) {
            // Still "monitored" until the end is recorded: readers trust a watched container's
            // record, and must not take its dead pid for a lost container (exit 255) meanwhile.
            try {
                recordEnd(id, o);
            } finally {
                monitors.remove(id);
            }
        }
    }

    private void recordEnd(String id, ContainerMonitor.Outcome o) {
        ContainerRecord record = store.load(id).orElse(null);
        if (record == null) return; // removed meanwhile
        ContainerState exited = store.updateState(id, state -> o.exitCode() != null
                ? state.exited(o.exitCode(), o.oomKilled(), clock.instant())
                : state.failed(LOST_EXIT_CODE, "exit status lost: the container ended while no supervisor watched it",
                clock.instant())).orElse(null);
        if (exited == null) return;
        try {
            network.tearDown(id); // after the end is recorded: its address, ports and veth (a restart gets new ones)
        } catch (RuntimeException e) {
            System.err.println("mini-docker: network teardown of " + id + " failed: " + e.getMessage());
        }
        for (ExitListener l : exitListeners) l.exited(id, exited);
        if (record.hostConfig().autoRemove()) {
            store.remove(id);
        } else if (!closed && RestartPolicies.shouldRestart(record.hostConfig().restartPolicy(), exited)) {
            restarts.schedule(() -> restartByPolicy(id), RestartPolicies.delay(exited.restartCount()).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void restartByPolicy(String id) {
        synchronized (lockOf(id)) {
            if (closed || monitors.containsKey(id)) return;
            ContainerState state = store.state(id).orElse(null);
            if (state == null || state.isRunning() || state.manuallyStopped()) return; // stopped or removed meanwhile
            store.updateState(id, ContainerState::restarted);
            try {
                launch(id, id);
            } catch (RuntimeException e) {
                System.err.println("mini-docker: restart of " + id + " failed: " + e.getMessage());
            }
        }
    }

    /** Whether this supervisor currently watches the container. */
    public boolean isMonitoring(String id) {
        return monitors.containsKey(id);
    }

    private Object lockOf(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** Starts take their stage 2 from {@code pool} when it has a warm one that fits (the daemon's). */
    public void useStage2Pool(dev.minidocker.runtime.process.Stage2Pool pool) {
        this.stage2Pool = pool;
    }

    private Stage2Launcher launcher() {
        Stage2Launcher l = launcher;
        if (l == null) launcher = l = new Stage2Launcher();
        return l;
    }

    /** Lets go of every container without stopping any: they keep running for the next supervisor. */
    @Override
    public void close() {
        closed = true;
        restarts.shutdownNow();
        ProcessSyscalls.writeFully(wake[1], new byte[] {1}, 0, 1);
        // Monitors exit on the wake byte without recording anything; wait so that a next supervisor
        // is the only reader of the FIFOs.
        for (ContainerMonitor m : monitors.values()) m.join(5000);
        monitors.clear();
        ProcessSyscalls.close(wake[0]);
        ProcessSyscalls.close(wake[1]);
    }
}
