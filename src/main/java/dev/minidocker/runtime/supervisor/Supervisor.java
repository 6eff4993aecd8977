package dev.minidocker.runtime.supervisor;

import dev.minidocker.model.LogConfig;
import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.Fifo;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.container.ContainerCreate;
import dev.minidocker.runtime.container.ContainerStart;
import dev.minidocker.runtime.container.ContainerStop;
import dev.minidocker.runtime.container.ContainerTeardown;
import dev.minidocker.runtime.container.ContainerWait;
import dev.minidocker.runtime.container.LiveContainer;
import dev.minidocker.runtime.container.LogEntry;
import dev.minidocker.runtime.container.LogReader;
import dev.minidocker.runtime.container.RunPlan;
import dev.minidocker.runtime.container.StoredSpec;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.process.PooledStage2Source;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.SpawningStage2Source;
import dev.minidocker.runtime.process.Stage2Launcher;
import dev.minidocker.runtime.process.Stage2Pool;
import dev.minidocker.runtime.process.Stage2Source;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns detached containers: starts them ({@link ContainerStart}, as {@code run} does, output into
 * FIFOs under the container dir), copies their output into json-file logs, tears them down when
 * they end ({@link ContainerTeardown}) and applies their restart policy. One instance lives in the
 * daemon; tests construct it directly. A new instance over the same store finds running containers
 * again ({@link #adoptAll()}): they keep running, their logs resume.
 *
 * <p>Thread-safe. Verbs that only signal or read (stop, kill, wait, logs, inspect) need no
 * supervisor: see {@link ContainerStop}, {@link ContainerWait}, {@link LogReader}.
 */
public final class Supervisor implements AutoCloseable {
    static final String STDOUT_FIFO = "stdout.fifo", STDERR_FIFO = "stderr.fifo";

    private final ContainerStore store;
    private final ContainerCreate creator;
    private final CgroupFactory cgroups;
    private final Clock clock;
    private final ContainerStart starts;
    private final ContainerTeardown teardown;
    private final Map<String, ContainerMonitor> monitors = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** The stdin writers of -i containers, from the first attach or start until they end. */
    private final Map<String, ContainerStdin> stdins = new ConcurrentHashMap<>();
    /** -t containers: their init (for resize) and the fds the daemon's pty relay copies to and from. */
    private final Map<String, TtyHeld> ttys = new ConcurrentHashMap<>();

    private record TtyHeld(RunningContainer init, int[] relayFds) {}
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("minidocker-restarts").unstarted(r));
    private final int[] wake = ProcessSyscalls.pipe();
    private final List<ExitListener> exitListeners = new CopyOnWriteArrayList<>();
    private final ContainerTeardown.EndListener toExitListeners = new ContainerTeardown.EndListener() {
        @Override
        public void ended(String id, ContainerState state) {
            for (ExitListener l : exitListeners) l.exited(id, state);
        }
    };
    private volatile Stage2Launcher launcher;
    private volatile Stage2Pool stage2Pool;
    private volatile boolean closed;

    public Supervisor(ContainerStore store, ContainerCreate creator, CgroupFactory cgroups, Clock clock) {
        this(store, creator, cgroups, clock, NetworkSetup.NONE);
    }

    public Supervisor(ContainerStore store, ContainerCreate creator, CgroupFactory cgroups, Clock clock,
                      NetworkSetup network) {
        this.store = store;
        this.creator = creator;
        this.cgroups = cgroups;
        this.clock = clock;
        this.starts = new ContainerStart(store, cgroups, network, clock);
        this.teardown = new ContainerTeardown(store, cgroups, network, clock);
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
        return creator.createStartable(plan);
    }

    /** {@code run -d}: create and start. */
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
    public void restart(String nameOrId, Integer timeoutSeconds) {
        String id = store.resolve(nameOrId);
        new ContainerStop(store, cgroups).stop(id, timeoutSeconds);
        start(id);
    }

    /** Starts it with its output into the FIFOs and a monitor on it; a failure is torn down and recorded. */
    private void launch(String id, String nameForErrors) {
        Path dir = store.containerDir(id);
        StoredSpec stored = StoredSpec.load(dir, nameForErrors);
        String out = dir.resolve(STDOUT_FIFO).toString(), err = dir.resolve(STDERR_FIFO).toString();
        Fifo.create(out);
        Fifo.create(err);
        ContainerRecord record = store.load(id).orElseThrow(() -> new MiniDockerException("No such container: " + nameForErrors));
        LiveContainer c = LiveContainer.detached(record);
        Watch watch = new Watch(c, dir);
        try {
            watch.fds[0] = Fifo.openForContainer(out);
            watch.fds[1] = Fifo.openForContainer(err);
            watch.fds[2] = Fifo.openReader(out); // opened while a writer exists: no false end of file
            watch.fds[3] = Fifo.openReader(err);
            watch.fds[4] = record.config().openStdin() ? stdin(id).openForContainer()
                    : new LinuxFileSyscalls().open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
            Stdio stdio = Stdio.of(watch.fds[4], watch.fds[0], watch.fds[1]);
            Stage2Pool pool = stage2Pool;
            Stage2Source source = pool != null ? new PooledStage2Source(pool, stdio) // the FIFOs go with the release
                    : new SpawningStage2Source(launcher(), stdio);
            starts.start(c, record, stored.spec(), stored.limits(), source, watch);
            watch.monitor.start(this::ended);
        } catch (RuntimeException e) {
            monitors.remove(id);
            for (int fd : watch.fds) ProcessSyscalls.close(fd);
            closeStdin(id);
            teardown.failed(c, e);
            throw e;
        }
    }

    /**
     * A released container gets its monitor before the record says running: a command that ends at
     * once (echo) must not look like a lost container (dead pid, no monitor) to a reader in between,
     * or an attach would end before its output reached the log.
     */
    private final class Watch implements ContainerStart.BeforeRunning {
        /** container out, err; reader out, err; /dev/null. */
        final int[] fds = {-1, -1, -1, -1, -1};
        private final LiveContainer c;
        private final Path dir;
        ContainerMonitor monitor;

        Watch(LiveContainer c, Path dir) {
            this.c = c;
            this.dir = dir;
        }

        @Override
        public void released(RunningContainer init, long startTime) {
            boolean tty = store.load(c.id()).map(r -> r.config().tty()).orElse(false);
            if (tty) {
                // the daemon's pty relay copies between these and the master: kept until the end
                ttys.put(c.id(), new TtyHeld(init, new int[] {fds[0], fds[1], fds[4]}));
            } else {
                for (int i : new int[] {0, 1, 4}) ProcessSyscalls.close(fds[i]); // stage 2 has its own copies
            }
            for (int i : new int[] {0, 1, 4}) fds[i] = -1;
            // No pidfd: the command ended before we got here (its init a zombie, or reaped already).
            OptionalInt pidfd = PidFd.open(init.pid(), startTime);
            monitor = new ContainerMonitor(c, pidfd.orElse(-1), new int[] {fds[2], fds[3]}, wake[0],
                    logWriter(c.id(), dir), pidfd.isEmpty(), () -> releaseTty(c.id()));
            monitors.put(c.id(), monitor);
        }
    }

    /**
     * The json-file writer of a container, rotating as its --log-opt max-size/max-file say. The none
     * driver's keeps a scratch file of at most {@link #ATTACH_SCRATCH_BYTES}, started again empty
     * when full, which logs never reads: attach follows the live output through it, as Docker's
     * attach works whatever the driver.
     */
    private LogWriter logWriter(String id, Path dir) {
        LogConfig logging = store.load(id).map(r -> r.hostConfig().logConfigOrDefault()).orElse(LogConfig.DEFAULT);
        if (!logging.keepsOutput()) return new LogWriter(LogEntry.fileOf(dir), clock, ATTACH_SCRATCH_BYTES, 1);
        return new LogWriter(LogEntry.fileOf(dir), clock, logging.maxSize(), logging.maxFiles());
    }

    /** How much of a none-driver container's output waits for attach at most. */
    static final long ATTACH_SCRATCH_BYTES = 1 << 20;

    /**
     * Whether the container in {@code dir} writes into the daemon's log FIFOs, as a detached one
     * does; a foreground run's container writes to its client's terminal instead.
     */
    public static boolean capturesOutput(Path dir) {
        return Files.exists(dir.resolve(STDOUT_FIFO));
    }

    /**
     * Finds the containers a previous supervisor owned. Running ones get a monitor again (their
     * output waited in the FIFOs); detached ones that ended meanwhile are torn down and recorded as
     * exited (exit status lost: they were not our children), and their restart policy applies.
     * Returns how many running containers were adopted.
     */
    public int adoptAll() {
        int adopted = 0;
        for (String id : store.ids()) {
            synchronized (lockOf(id)) {
                if (monitors.containsKey(id)) continue;
                ContainerState state = store.state(id).orElse(null);
                Path dir = store.containerDir(id);
                if (state == null || !state.isRunning()) continue;
                // An in-process run's record belongs to its CLI while that lives (ContainerSweep after).
                if (store.owner(id).isPresent()) continue;
                // Without log FIFOs: a client's foreground run whose daemon died (kill -9). Docker's rule:
                // it runs on, and its end is recorded and --rm applied, by this daemon now.
                boolean logged = Files.exists(dir.resolve(STDOUT_FIFO));
                ContainerRecord record = store.load(id).orElse(null);
                if (record == null) continue; // removed meanwhile
                LiveContainer c = LiveContainer.found(record, state, cgroups.open(id).orElse(null));
                OptionalInt pidfd = PidFd.open(state.pid(), state.startTime());
                if (pidfd.isEmpty()) {
                    ended(new ContainerMonitor.Outcome(c, null));
                    continue;
                }
                int[] readers = logged ? new int[] {-1, -1} : new int[0];
                try {
                    if (logged) {
                        readers[0] = Fifo.openReader(dir.resolve(STDOUT_FIFO).toString());
                        readers[1] = Fifo.openReader(dir.resolve(STDERR_FIFO).toString());
                    }
                } catch (RuntimeException e) {
                    for (int fd : readers) ProcessSyscalls.close(fd);
                    ProcessSyscalls.close(pidfd.getAsInt());
                    throw e;
                }
                ContainerMonitor m = new ContainerMonitor(c, pidfd.getAsInt(), readers, wake[0],
                        logWriter(id, dir), false, () -> {});
                monitors.put(id, m);
                m.start(this::ended);
                adopted++;
            }
        }
        return adopted;
    }

    /** A container is gone: tear it down and record it, then restart it if its policy says so. */
    private void ended(ContainerMonitor.Outcome o) {
        String id = o.container().id();
        synchronized (lockOf(id)) {
            // Still "monitored" until the end is recorded: readers trust a watched container's
            // record, and must not take its dead pid for a lost container (exit 255) meanwhile.
            try {
                closeStdin(id);
                recordEnd(o);
            } finally {
                monitors.remove(id);
            }
        }
    }

    private void recordEnd(ContainerMonitor.Outcome o) {
        String id = o.container().id();
        ContainerRecord record = store.load(id).orElse(null);
        if (record == null) return; // removed meanwhile: rm tore it down
        ContainerState exited;
        try {
            exited = teardown.ended(o.container(), o.exitCode(), toExitListeners);
        } catch (RuntimeException e) {
            System.err.println("mini-docker: teardown of " + id + " failed: " + e.getMessage());
            exited = store.state(id).filter(s -> !s.isRunning()).orElse(null);
        }
        if (exited == null || record.hostConfig().autoRemove()) return;
        if (!closed && RestartPolicies.shouldRestart(record.hostConfig().restartPolicy(), exited)) {
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

    /**
     * The writer of an -i container's stdin, made on first use (an attach before the start comes
     * first): what is written waits in the FIFO until the container reads it.
     */
    public ContainerStdin stdin(String id) {
        synchronized (lockOf(id)) {
            ContainerStdin in = stdins.get(id);
            if (in == null || in.spent()) {
                in = ContainerStdin.open(store.containerDir(id));
                stdins.put(id, in);
            }
            return in;
        }
    }

    /** Sets a running -t container's window size; false when it has no terminal in this daemon. */
    public boolean resize(String id, int rows, int cols) {
        TtyHeld t = ttys.get(id);
        return t != null && t.init().resize(rows, cols);
    }

    /**
     * A -t container's init has ended: once its relay has copied the last output (the master reads
     * EIO when the container's side is gone), the FIFO ends the relay wrote to go, so that the monitor
     * sees their end of file at once. On a thread of its own: the relay may be blocked writing into a
     * FIFO that only the monitor drains.
     */
    private void releaseTty(String id) {
        TtyHeld t = ttys.get(id);
        if (t == null) return;
        Thread.ofPlatform().daemon().name("minidocker-tty-end-" + id.substring(0, 12)).start(() -> {
            t.init().waitFor();
            closeTtyRelay(id);
        });
    }

    private void closeStdin(String id) {
        closeTtyRelay(id);
        ContainerStdin in = stdins.remove(id);
        if (in != null) in.release();
    }

    /** The FIFO ends a -t container's relay writes to and reads from, once (either path may come first). */
    private void closeTtyRelay(String id) {
        TtyHeld t = ttys.remove(id);
        if (t != null) for (int fd : t.relayFds()) ProcessSyscalls.close(fd);
    }

    /** Whether this supervisor currently watches the container. */
    public boolean isMonitoring(String id) {
        return monitors.containsKey(id);
    }

    private Object lockOf(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** Starts take their stage 2 from {@code pool} when it has a warm one that fits (the daemon's). */
    public void useStage2Pool(Stage2Pool pool) {
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
        for (ContainerStdin in : stdins.values()) in.release();
        stdins.clear();
        ProcessSyscalls.close(wake[0]);
        ProcessSyscalls.close(wake[1]);
    }
}
