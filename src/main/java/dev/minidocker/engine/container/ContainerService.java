package dev.minidocker.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.engine.DiskUsage;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.Filters;
import dev.minidocker.image.store.TempDirs;
import dev.minidocker.engine.events.ContainerEventPublisher;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.model.PortBinding;
import dev.minidocker.model.Resources;
import dev.minidocker.model.RestartPolicy;
import dev.minidocker.runtime.container.ContainerExec;
import dev.minidocker.runtime.container.ContainerKill;
import dev.minidocker.runtime.container.ContainerPause;
import dev.minidocker.runtime.container.ContainerUpdate;
import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.container.ContainerSweep;
import dev.minidocker.runtime.container.ContainerStop;
import dev.minidocker.runtime.container.ContainerWait;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.runtime.container.SignalNames;
import dev.minidocker.runtime.process.PooledStage2Source;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.runtime.process.Stage2Launcher;
import dev.minidocker.runtime.process.Stage2Pool;
import dev.minidocker.runtime.process.Stdio;
import dev.minidocker.runtime.process.SpawningStage2Source;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.runtime.supervisor.Supervisor;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The container verbs, for the CLI and the Engine API alike: run, create, start, stop, kill,
 * restart, wait, rm, prune, exec, and the queries (ps, inspect, port, logs, stats, top). In the
 * daemon it also owns the detached containers (the {@link Supervisor}) and the waiting stage 2s.
 */
public final class ContainerService implements AutoCloseable {
    private final Engine engine;
    private TempDirs.TempDir treeDir;
    /** The daemon's; null in the CLI, whose detached containers the daemon starts. */
    private final Supervisor supervisor;
    /** Made on first use: building the service must not open the store (Jackson, ~35 ms), see {@link #run}. */
    private ContainerQueries queries;
    private final ContainerRuns runs;
    private final ContainerEvents events;
    private volatile Stage2Launcher launcher;
    private Stage2Pool stage2Pool;
    private boolean closed;

    public ContainerService(Engine engine, Supervisor supervisor) {
        this.engine = engine;
        this.supervisor = supervisor;
        this.runs = new ContainerRuns(engine);
        this.events = supervisor == null ? null : new ContainerEvents(queries());
        if (supervisor != null) supervisor.addExitListener(events::exited);
    }

    private ContainerStore store() {
        return engine.containerStore();
    }

    private synchronized ContainerQueries queries() {
        if (queries == null) queries = new ContainerQueries(store(), engine.root(), supervisor);
        return queries;
    }

    // ---- run and create ----

    /**
     * {@code run} in this process (stdio inherited), to the container's end: its exit code. Needs
     * root. The stores are opened on the prefetch thread while this one spawns stage 2.
     */
    public int run(RunRequest request, String verb) {
        return run(request, verb, null);
    }

    /** As above; {@code onCreated} (may be null) gets the container's id once it is created, before it starts. */
    public int run(RunRequest request, String verb, java.util.function.Consumer<String> onCreated) {
        return runs.runHere(request, verb, onCreated);
    }

    /**
     * A build's RUN step in this process: the container (named by the request, kept after its end so
     * its changes can be committed) runs with /dev/null as stdin and its stdout and stderr pumped
     * into {@code output} as they come. Returns its exit code. Needs root.
     */
    public int runForBuild(RunRequest request, ExecPipes.Sink output) {
        RootPrivileges.require("build");
        ExecPipes pipes = ExecPipes.open(false);
        try {
            SpawningStage2Source stage2 = new SpawningStage2Source(
                    Stdio.of(pipes.childIn(), pipes.childOut(), pipes.childErr()));
            Thread pump = Thread.ofPlatform().daemon().name("build-output").start(() -> pipes.pumpOutput(output));
            try {
                return runs.run(request, engine.images().resolver(), stage2, Map.of(),
                        new PrintStream(java.io.OutputStream.nullOutputStream()), null, true, null);
            } finally {
                stage2.discardPrepared();
                pipes.closeChildEnds();
                try {
                    pump.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            pipes.close();
        }
    }

    /**
     * {@code create} (and the first half of {@code run -d}): planned with {@code callerEnv} for
     * {@code -e K}, pull progress on {@code progress} (null: none). Returns the new container's id.
     */
    public String create(RunRequest request, Map<String, String> callerEnv, PrintStream progress) {
        return runs.create(request, callerEnv, progress);
    }

    /** Forgets a container the daemon refused to start (a --rm one must not stay behind). */
    public void discard(String id) {
        store().remove(id);
    }

    /**
     * A client's foreground run in the daemon, with the stdio of the client's process {@code pid}
     * (a {@link ClientRun.ClientGoneException} when there is no such process). Close it when done.
     */
    public ClientRun clientRun(long pid, java.nio.file.attribute.UserPrincipal peer) {
        int[] stdio = ClientRun.takeStdio(pid, peer);
        try {
            PooledStage2Source stage2 = new PooledStage2Source(stage2Pool(),
                    Stdio.relayed(stdio[0], stdio[1], stdio[2], false));
            return new ClientRun(runs, engine.images().resolver(), stage2, stdio);
        } catch (RuntimeException e) {
            for (int fd : stdio) dev.minidocker.linux.ProcessSyscalls.close(fd);
            throw e;
        }
    }

    // ---- lifecycle ----

    /** {@code start} (daemon): a --rm container that cannot start is removed, as Docker does. */
    public void start(String nameOrId) {
        String id = store().resolve(nameOrId);
        try {
            supervisor().start(id);
        } catch (RuntimeException e) {
            if (store().load(id).map(r -> r.hostConfig() != null && r.hostConfig().autoRemove()).orElse(false)) {
                remover().remove(id, true);
            }
            throw e;
        }
    }

    /** {@code restart} (daemon): stop with {@code timeoutSeconds} of grace (null: the container's), then start. */
    public void restart(String nameOrId, Integer timeoutSeconds) {
        String id = store().resolve(nameOrId);
        supervisor().restart(id, timeoutSeconds);
        publish(id, "restart", Map.of());
    }

    /**
     * {@code stop}: the stop signal, SIGKILL after {@code timeoutSeconds} (null: the container's
     * --stop-timeout, else 10); false when it was not running.
     */
    public boolean stop(String nameOrId, Integer timeoutSeconds) {
        String id = store().resolve(nameOrId);
        pauser().thawIfPaused(id);
        boolean wasRunning = new ContainerStop(store(), engine.cgroups()).stop(id, timeoutSeconds);
        if (wasRunning) publish(id, "stop", Map.of());
        return wasRunning;
    }

    /** An event of this container's beyond what its record's changes say (kill, stop, restart, exec). */
    private void publish(String id, String action, Map<String, String> extra) {
        store().load(id).ifPresent(r -> new ContainerEventPublisher(engine.events(), store()).publish(r, action, extra));
    }

    /** {@code pause}: freezes every process of the running container. */
    public void pause(String nameOrId) {
        pauser().pause(store().resolve(nameOrId));
    }

    /** {@code unpause}: thaws a paused container. */
    public void unpause(String nameOrId) {
        pauser().unpause(store().resolve(nameOrId));
    }

    /**
     * {@code update}: the limits {@code changes} sets (zero/empty fields stay as they are) and, when
     * not null, a new restart policy; live on a running container. Returns the limits in force.
     */
    public Resources update(String nameOrId, Resources changes, RestartPolicy restart) {
        return new ContainerUpdate(store(), engine.cgroups()).update(store().resolve(nameOrId), changes, restart);
    }

    private ContainerPause pauser() {
        return new ContainerPause(store(), engine.cgroups());
    }

    /** A signal's number: a name ("HUP", "SIGKILL", "RTMIN+2") or a number, as {@code kill -s} takes it. */
    public static int signal(String name) {
        return SignalNames.parse(name);
    }

    /** {@code kill}: sends {@code signal} to the container's processes. */
    public void kill(String nameOrId, int signal) {
        String id = store().resolve(nameOrId);
        if (signal == 9) pauser().thawIfPaused(id); // Docker: a SIGKILL ends a paused container too
        new ContainerKill(store()).kill(id, signal);
        publish(id, "kill", Map.of("signal", Integer.toString(signal)));
    }

    /** {@code wait}: the exit code once it is not running. */
    public int await(String nameOrId) {
        return new ContainerWait(store()).await(store().resolve(nameOrId));
    }

    /**
     * The daemon's wait on {@code condition} (Docker's not-running, next-exit, removed), its
     * starting point taken now; its {@code await()} returns the exit code.
     */
    public ContainerEvents.Waiter registerWait(String id, ContainerEvents.Condition condition) {
        if (events == null) throw new IllegalStateException("only the daemon waits on conditions");
        return events.register(id, condition);
    }

    /** {@code rm}: returns the id; a running container only with {@code force} (killed first). */
    public String remove(String nameOrId, boolean force) {
        if (force) pauser().thawIfPaused(store().resolve(nameOrId));
        return remover().remove(nameOrId, force);
    }

    /**
     * Cleans up after in-process runs whose owner died (runtime/container/ContainerSweep); their ids.
     * Cheap when there is nothing to do: one directory listing and an owner file per container.
     */
    public List<String> sweepOrphans() {
        return new ContainerSweep(store(), engine.cgroups(), engine.network(), engine.clock()).sweep();
    }

    /** {@code rm -v}: the container and its anonymous volumes. */
    public String remove(String nameOrId, boolean force, boolean volumes) {
        if (force) pauser().thawIfPaused(store().resolve(nameOrId));
        return remover().remove(nameOrId, force, volumes);
    }

    /**
     * The input of a detached container created with OpenStdin ({@code -i}) for an attach; empty
     * for others (they read /dev/null) and outside the daemon.
     */
    public Optional<StdinSink> stdin(String id) {
        if (supervisor == null) return Optional.empty();
        boolean open = store().load(id).map(r -> r.config().openStdin()).orElse(false);
        return open ? Optional.of(new StdinSink(supervisor.stdin(id))) : Optional.empty();
    }

    /** The API's resize of a running -t container's terminal; false when it has none here. */
    public boolean resize(String id, int rows, int cols) {
        return supervisor != null && supervisor.resize(id, rows, cols);
    }

    /**
     * What a client attaching to a container must know of it: a terminal (-t: the stream is raw,
     * not multiplexed), open input (-i), removal at its end (--rm), and whether the daemon has its
     * output to give (false for a foreground run's, which writes to its own client's terminal).
     */
    public record StreamSetup(boolean tty, boolean openStdin, boolean autoRemove, boolean daemonHasOutput) {}

    public StreamSetup streamSetup(String id) {
        ContainerRecord r = store().load(id).orElseThrow(() -> new dev.minidocker.state.NoSuchContainerException(id));
        return new StreamSetup(r.config().tty(), r.config().openStdin(), r.hostConfig() != null && r.hostConfig().autoRemove(),
                Supervisor.capturesOutput(store().containerDir(id)));
    }

    /** Whether it was created with a terminal (-t): its attach stream is raw, not multiplexed. */
    public boolean hasTty(String id) {
        return store().load(id).map(r -> r.config().tty()).orElse(false);
    }

    /**
     * Refuses logs of a container whose log driver keeps nothing (none), in Docker's words; callers
     * that stream ask before they answer.
     */
    public void requireReadableLog(String id) {
        if (!keepsLog(id)) throw new dev.minidocker.MiniDockerException(dev.minidocker.model.LogConfig.NOT_READABLE);
    }

    private boolean keepsLog(String id) {
        return store().load(id).map(r -> r.hostConfig().logConfigOrDefault().keepsOutput()).orElse(true);
    }

    /** {@code rename}: a new name for the container, running or not (Docker's conflict when taken). */
    public void rename(String nameOrId, String newName) {
        store().rename(store().resolve(nameOrId), newName);
    }

    /** {@code container prune}: removes every stopped container; their ids. */
    public List<String> prune() {
        return prune(Filters.none());
    }

    /** {@code container prune --filter}: removes the stopped containers the filters pass (until, label). */
    public List<String> prune(Filters filters) {
        ContainerFilter filter = ContainerFilter.forPrune(filters);
        sweepOrphans();
        ContainerRemove remover = remover();
        List<String> removed = new ArrayList<>();
        for (ContainerEntry c : queries().list(false)) {
            boolean stopped = store().state(c.id()).map(s -> !Liveness.isRunning(s)).orElse(false);
            if (!stopped || !filter.test(c)) continue;
            try {
                remover.remove(c.id(), false);
                removed.add(c.id());
            } catch (RuntimeException raced) {
                // started or removed meanwhile: not ours to prune
            }
        }
        return removed;
    }

    /**
     * {@code exec}: a new process in the running container, its stdio the given fds (kept open).
     * {@code callersOwn}: they are this process's own 0/1/2 (the CLI's exec): the process gets pipes
     * relayed to them, never them, and this JVM's signals go to it; {@code callerEnv} gives
     * {@code -e K} its value.
     */
    public ExecProcess exec(String nameOrId, ExecRequest r, int in, int out, int err, boolean callersOwn,
                            Map<String, String> callerEnv) {
        String id = store().resolve(nameOrId);
        RunningContainer process = new ContainerExec(store(), engine.cgroups()).start(id,
                new ContainerExec.Request(r.command(), r.env(), r.workdir(), r.user(), r.interactive(), r.tty()),
                callersOwn ? Stdio.relayed(in, out, err, true) : Stdio.of(in, out, err), callerEnv);
        publish(id, "exec_start: " + String.join(" ", r.command()), Map.of());
        return new ExecProcess(process);
    }

    /** A new id for an exec instance (the same form as a container's). */
    public String newExecId() {
        return ContainerStore.newId();
    }

    /**
     * {@code commit}: the container's changes as a new image (frozen meanwhile if it runs and
     * {@code pause}); returns the image id. A failure leaves no layer and no image behind.
     */
    public String commit(CommitRequest request) {
        return new ContainerCommits(engine).commit(request);
    }

    /** {@code export}: the container's file system (image layers and its changes) as a tar. */
    public void export(String nameOrId, OutputStream out) throws IOException {
        new ContainerFiles(engine).export(nameOrId, out);
    }

    /** {@code diff}: the container's changes against its image, sorted by path. */
    public List<ContainerChange> diff(String nameOrId) throws IOException {
        return new ContainerFiles(engine).diff(nameOrId);
    }

    /** {@code cp}'s stat of a path in the container (not following its last component). */
    public PathStat statPath(String nameOrId, String path) {
        return new ContainerFiles(engine).stat(nameOrId, path);
    }

    /** {@code cp} out: the tar of {@code path}, its top entry named {@code as} (null: its own name). */
    public PathStat archive(String nameOrId, String path, String as, OutputStream out) throws IOException {
        return new ContainerFiles(engine).archive(nameOrId, path, as, out);
    }

    /** {@code cp} in: the tar applied into the container's existing directory {@code dir}. */
    public void extract(String nameOrId, String dir, InputStream tar) throws IOException {
        new ContainerFiles(engine).extract(nameOrId, dir, tar);
    }

    /** {@code cp CONTAINER:SRC DEST} (DEST on the host). */
    public void copyOut(String nameOrId, String src, java.nio.file.Path dest) throws IOException {
        new ContainerFiles(engine).copyOut(nameOrId, src, dest);
    }

    /** {@code cp SRC CONTAINER:DEST} (SRC on the host). */
    public void copyIn(java.nio.file.Path src, String nameOrId, String dest) throws IOException {
        new ContainerFiles(engine).copyIn(src, nameOrId, dest);
    }

    private ContainerRemove remover() {
        return new ContainerRemove(store(), engine.cgroups(), engine.network());
    }

    // ---- queries ----

    public String resolve(String nameOrId) {
        return queries().resolve(nameOrId);
    }

    /** The effective state; empty when the container is gone. */
    public Optional<ContainerStatus> status(String id) {
        return queries().status(id);
    }

    /** The effective state, or "No such container". */
    public ContainerStatus requireStatus(String id) {
        return queries().status(id).orElseThrow(() -> new dev.minidocker.state.NoSuchContainerException(id));
    }

    public boolean isRunning(String id) {
        return queries().status(id).map(ContainerStatus::running).orElse(false);
    }

    /** Every container with its effective state, newest first (with Docker's NetworkSettings if asked). */
    /**
     * {@code ps}: running containers (all with {@code all}, or when a status filter asks for
     * stopped ones) that pass Docker's filters, newest first.
     */
    public List<ContainerEntry> list(Filters filters, boolean all, boolean withNetworkSettings) {
        List<ContainerEntry> every = queries().list(withNetworkSettings);
        ContainerFilter filter = ContainerFilter.forList(filters, every);
        List<ContainerEntry> out = new ArrayList<>();
        for (ContainerEntry c : every) {
            if ((all || filter.wantsStopped() || c.status().running()) && filter.test(c)) out.add(c);
        }
        return out;
    }

    public List<ContainerEntry> list(boolean withNetworkSettings) {
        sweepOrphans();
        return queries().list(withNetworkSettings);
    }

    public JsonNode inspect(String nameOrId) {
        return queries().inspect(nameOrId);
    }

    /** inspect with {@code --size}: Docker's SizeRw (its writable layer) and SizeRootFs (that and its image) too. */
    public JsonNode inspectWithSize(String nameOrId) {
        JsonNode node = inspect(nameOrId);
        Optional<ContainerEntry> entry = queries().entry(node.path("Id").asText());
        if (entry.isPresent() && node instanceof ObjectNode o) {
            DiskUsage.ContainerUsage size = engine.containerSizes(List.of(entry.get())).getFirst();
            o.put("SizeRw", size.sizeRw()).put("SizeRootFs", size.sizeRootFs());
        }
        return node;
    }

    public List<PortBinding> ports(String nameOrId) {
        return queries().ports(nameOrId);
    }

    /**
     * {@code logs}: its json-file log, the last {@code tail} lines (-1: all), then (with
     * {@code follow}) what it writes until it ends; only lines written from {@code since} up to
     * {@code until} (each null: no bound), as Docker filters them after the tail.
     */
    public void logs(String id, int tail, boolean follow, Instant since, Instant until, Consumer<LogLine> sink) {
        requireReadableLog(id);
        queries().logs(id, tail, follow, line -> {
            if (since == null && until == null) {
                sink.accept(line);
                return;
            }
            Instant at = line.time() == null ? null : Instant.parse(line.time());
            if (at != null && since != null && at.isBefore(since)) return;
            if (at != null && until != null && at.isAfter(until)) return;
            sink.accept(line);
        });
    }

    public LogFollower follow(String id, boolean fromStart) throws IOException {
        // the none driver's scratch file holds no history to replay, only the live output
        return queries().follow(id, fromStart && keepsLog(id));
    }

    public Optional<StatsSample> sample(String id) {
        return queries().sample(id);
    }

    /** {@code top}: the header row, then one row per process. */
    public List<List<String>> top(String nameOrId) {
        return queries().top(nameOrId, List.of());
    }

    /** {@code top CONTAINER PS-OPTIONS}: the host's ps with those options, the container's processes only. */
    public List<List<String>> top(String nameOrId, List<String> psArgs) {
        return queries().top(nameOrId, psArgs);
    }

    public Optional<String> nameOf(String id) {
        return queries().nameOf(id);
    }

    public List<String> ids() {
        return queries().ids();
    }

    // ---- the daemon's ----

    /** Finds the containers a previous daemon owned (they kept running); returns how many. */
    public int adoptAll() {
        sweepOrphans();
        int adopted = supervisor().adoptAll();
        if (engine.network() instanceof dev.minidocker.runtime.host.DnsNetworkSetup dns) dns.adoptRunning();
        engine.health().ifPresent(HealthMonitor::resumeAll);
        return adopted;
    }

    /** Keeps warm stage 2s ready for clients' runs, as runs are likely to come (needs root; a no-op without). */
    public void warmUp() {
        if (ProcessIdentity.effectiveUid() != 0) return;
        stage2Pool().expectRuns();
        stage2Pool().refill();
    }

    /** Has Jackson build its readers of config.json and state.json now (see ContainerStore). */
    public void rehearseReading() throws java.io.IOException {
        ContainerStore.rehearseReading();
    }

    /** The stage 2s waiting for clients' runs (made on first use: it locates java and the jar). */
    public synchronized Stage2Pool stage2Pool() {
        if (stage2Pool == null) {
            // The waiting stage 2s mount their trees over this directory, each in its own namespace;
            // without one (it could not be made) they mount nothing ahead and their runs all of it.
            if (treeDir == null) {
                try {
                    treeDir = engine.imageStore().temp().create("stage2-tree");
                } catch (java.io.UncheckedIOException e) {
                    System.err.println("mini-docker daemon: stage 2s mount nothing ahead: " + e.getMessage());
                }
            }
            stage2Pool = new Stage2Pool(launcher(), treeDir == null ? null : treeDir.path());
            if (closed) stage2Pool.close();
            supervisor().useStage2Pool(stage2Pool);
        }
        return stage2Pool;
    }

    private Stage2Launcher launcher() {
        Stage2Launcher l = launcher;
        if (l == null) {
            synchronized (this) {
                if (launcher == null) launcher = new Stage2Launcher();
                l = launcher;
            }
        }
        return l;
    }

    private Supervisor supervisor() {
        if (supervisor == null) throw new IllegalStateException("only the daemon starts containers");
        return supervisor;
    }

    /** Lets go of the containers (they keep running) and kills the waiting stage 2s. */
    @Override
    public void close() {
        Stage2Pool pool;
        TempDirs.TempDir tree;
        synchronized (this) {
            closed = true;
            pool = stage2Pool;
            tree = treeDir;
        }
        if (pool != null) pool.close();
        if (tree != null) tree.close(); // after the stage 2s that covered it have gone
        if (supervisor != null) supervisor.close();
    }
}
