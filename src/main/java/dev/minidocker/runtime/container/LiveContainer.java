package dev.minidocker.runtime.container;

import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.process.RunningContainer;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import java.util.List;

/**
 * One container from its start to its teardown, as far as the host is concerned: its init (once
 * released), its cgroup (once made) and, for a foreground run, its state as last written (kept in
 * memory: nobody else changes it, and reading it back would cost Jackson a deserializer on the
 * way out). {@link ContainerStart} fills it in; {@link ContainerTeardown} releases exactly what it
 * holds, once, whoever asks first (the run's end, a failed start, a shutdown hook, a supervisor).
 * Thread-safe.
 */
public final class LiveContainer {
    private final String id;
    private final String name;
    private final boolean autoRemove;
    private final boolean detached;
    /** Removed with the container when it goes with --rm (known from its record, never read back). */
    private final List<String> anonymousVolumes;
    private CgroupFactory.Handle cgroup;
    private RunningContainer init;
    private long initPid, initStartTime;
    private ContainerState state;
    private boolean tornDown;
    private volatile boolean reaped;

    private LiveContainer(String id, String name, boolean autoRemove, boolean detached, ContainerState state,
                          List<String> anonymousVolumes) {
        this.id = id;
        this.name = name;
        this.autoRemove = autoRemove;
        this.detached = detached;
        this.state = state;
        this.anonymousVolumes = anonymousVolumes;
    }

    /** A foreground run's container, just created (its state "created", known without reading it). */
    public static LiveContainer foreground(ContainerRecord record) {
        return new LiveContainer(record.id(), record.name(), record.hostConfig().autoRemove(), false,
                ContainerState.created(), AnonymousVolumes.of(record));
    }

    /**
     * A container a supervisor starts: its record and dirs outlive a failed start (it may be started
     * again), and its state is read from the store, where stop and rm change it too.
     */
    public static LiveContainer detached(ContainerRecord record) {
        return new LiveContainer(record.id(), record.name(), record.hostConfig().autoRemove(), true, null,
                AnonymousVolumes.of(record));
    }

    /**
     * A container found by its record, running or not, that a supervisor adopts: its init is not
     * this process's child; {@code cgroup} may be null.
     */
    public static LiveContainer found(ContainerRecord record, ContainerState state, CgroupFactory.Handle cgroup) {
        return found(record.id(), record.name(), record.hostConfig().autoRemove(), state, cgroup, AnonymousVolumes.of(record));
    }

    /** As {@link #found(ContainerRecord, ContainerState, CgroupFactory.Handle)} by id alone (rm). */
    static LiveContainer found(String id, ContainerState state, CgroupFactory.Handle cgroup) {
        return found(id, null, false, state, cgroup, List.of());
    }

    private static LiveContainer found(String id, String name, boolean autoRemove, ContainerState state,
                                       CgroupFactory.Handle cgroup, List<String> anonymousVolumes) {
        LiveContainer c = new LiveContainer(id, name, autoRemove, true, null, anonymousVolumes);
        c.cgroup = cgroup;
        if (state.isRunning()) {
            c.initPid = state.pid();
            c.initStartTime = state.startTime();
        }
        return c;
    }

    public String id() {
        return id;
    }

    String name() {
        return name;
    }

    List<String> anonymousVolumes() {
        return anonymousVolumes;
    }

    boolean autoRemove() {
        return autoRemove;
    }

    boolean detached() {
        return detached;
    }

    /** Keeps the cgroup made for the start; false (the caller destroys it) once torn down already. */
    synchronized boolean holdCgroup(CgroupFactory.Handle made) {
        if (tornDown) return false;
        cgroup = made;
        return true;
    }

    synchronized CgroupFactory.Handle cgroup() {
        return cgroup;
    }

    synchronized void started(RunningContainer process, long startTime) {
        init = process;
        initPid = process.pid();
        initStartTime = startTime;
    }

    /** The init this process started, or null (not released yet, or not our child). */
    public synchronized RunningContainer init() {
        return init;
    }

    synchronized long initPid() {
        return initPid;
    }

    synchronized long initStartTime() {
        return initStartTime;
    }

    /** The init was waited for: its pid may belong to another process from now on. */
    public void reaped() {
        reaped = true;
    }

    boolean isReaped() {
        return reaped;
    }

    /** The state as last written, when this process is the only writer (a foreground run); else null. */
    synchronized ContainerState knownState() {
        return state;
    }

    synchronized void knownState(ContainerState written) {
        if (state != null) state = written;
    }

    /** True for the first caller only: who tears down. */
    synchronized boolean beginTeardown() {
        if (tornDown) return false;
        tornDown = true;
        return true;
    }
}
