package dev.minidocker.runtime.process;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warm stage 2s kept waiting in the daemon: spawned ahead of time in fresh namespaces (new
 * network namespace, no tty: what none, bridge and user-network runs need), on /dev/null, their
 * JVM up and their classes loaded, so that a run's critical path holds no JVM start-up. A start
 * {@link #claim claims} the oldest and sends the caller's stdio with the release (Stage2Protocol);
 * the replacement is spawned in the background once that start is done ({@link #refill}), a little
 * later while another one is ready, and boots at a lower priority than the daemon's until it waits
 * ({@link Stage2Launcher#spawnInBackground}): a run that follows at once gets the cores first.
 * {@link #CAPACITY Two} wait, not one: a JVM takes longer to boot on a busy 2-core machine than
 * the gap between two runs of a script, and a claimed stage 2 still booting puts its boot back on
 * the run's critical path (back-to-back runs took 185 ms in the daemon with one, 70 ms with a gap).
 * Each waiting stage 2 costs ~20 MB PSS (~37 MB RSS). So two wait only while runs come (from the
 * daemon's start, {@link #expectRuns}): an idle pool keeps {@link #IDLE_SIZE one} (once no start
 * claimed one for {@link #IDLE_AFTER_MS a minute}: the extra one is killed), which keeps the idle
 * daemon and what it keeps waiting within the 150 MiB RSS budget (bench/idle-memory.sh).
 *
 * <p>Freshness: its mount namespace is a copy of the host's taken at spawn, so a mount made on the
 * host later (a -v source on a new mount) would be missing in it. The host's mountinfo is recorded
 * at spawn; a claim uses the warm one only while the host's mounts are unchanged on the paths the
 * container uses ({@link MountFreshness}), else abandons it.
 *
 * <p>Each also mounts a default container's /proc, /dev and /sys before it waits, in its own
 * mount namespace over the pool's tree directory (an empty host directory: MountPlan#preparedTree),
 * so that its release moves three mounts instead of making ~35.
 *
 * <p>{@link #close} kills and reaps it; if the daemon dies instead, stage 2 reads EOF and exits.
 */
public final class Stage2Pool implements AutoCloseable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private final Stage2Launcher launcher;
    private final String treeDir;
    private final ScheduledThreadPoolExecutor spawner = new ScheduledThreadPoolExecutor(1,
            r -> Thread.ofPlatform().daemon().name("minidocker-stage2-pool").unstarted(r));
    private final AtomicLong warmClaims = new AtomicLong(), coldStarts = new AtomicLong();
    /** How many stage 2s wait (or are being spawned) at most. */
    static final int CAPACITY = 2;
    /** How many wait when no start came for {@link #IDLE_AFTER_MS}. */
    static final int IDLE_SIZE = 1;
    /**
     * How long a replacement waits to be spawned while another warm stage 2 is ready: its JVM
     * start-up (~50 ms of CPU) then comes after the claiming run's own end instead of competing
     * with it on two cores (a short run's command, teardown and reply take ~10 ms after its
     * release). Warm runs, 150 ms apart, alternating with spawning at once: median 63.2 -> 59.0
     * and 65.7 -> 60.7 ms; back to back 78.0 -> 74.0 ms.
     */
    static final long REFILL_DELAY_MS = 30;
    /** Idle after this long without a claim ($MINIDOCKER_POOL_IDLE_MS for tests and benchmarks). */
    static final long IDLE_AFTER_MS = idleAfterMs(System.getenv("MINIDOCKER_POOL_IDLE_MS"));
    private int size = IDLE_SIZE;
    private long lastClaimNanos = System.nanoTime();
    private boolean trimScheduled;
    private final java.util.ArrayDeque<Warm> warm = new java.util.ArrayDeque<>();
    private int spawning;
    private boolean closed;

    private record Warm(WaitingStage2 stage2, byte[] mountinfo) {}

    public Stage2Pool(Stage2Launcher launcher) {
        this(launcher, null);
    }

    /** @param treeDir an empty host directory for the waiting stage 2s' mount trees, or null for none */
    public Stage2Pool(Stage2Launcher launcher, Path treeDir) {
        this.launcher = launcher;
        this.treeDir = treeDir == null ? null : treeDir.toAbsolutePath().toString();
        spawner.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() does not wait for a trim
    }

    /** Whether a warm stage 2 can serve this container: new namespaces (the network's too) and no tty. */
    public static boolean serves(ContainerSpec spec) {
        return !spec.tty() && !"host".equals(spec.network()) && WaitingStage2.joinedNetns(spec.network()) == null
                && spec.hardening().hostNamespaces().isEmpty();
    }

    /**
     * The warm stage 2 for {@code spec}, or null (none ready, a shape it does not serve, or a host
     * mount table that changed since it was spawned: then it is abandoned). The caller releases it
     * with the caller's stdio ({@link WaitingStage2#release(ContainerSpec, java.util.function.IntFunction,
     * Stdio)}) and calls {@link #refill} afterwards.
     */
    public WaitingStage2 claim(ContainerSpec spec) {
        if (!serves(spec)) return null;
        Warm w;
        synchronized (this) {
            size = CAPACITY; // runs are coming: the next one may follow at once
            lastClaimNanos = System.nanoTime();
            w = warm.pollFirst(); // the oldest: the one most likely booted
        }
        if (w == null) return null;
        int pid = w.stage2().pid();
        if (!MountFreshness.fresh(w.mountinfo(), mountinfo(), () -> read(Path.of("/proc/" + pid + "/mountinfo")), spec)) {
            // the host's mounts changed where this container looks: every stage 2 waiting now was spawned before that
            java.util.List<Warm> stale;
            synchronized (this) {
                stale = java.util.List.copyOf(warm);
                warm.clear();
            }
            w.stage2().abandon();
            stale.forEach(old -> old.stage2().abandon());
            return null;
        }
        if (!ProcessIdentity.isAlive(w.stage2().pid(), 0)) { // a zombie until abandon() reaps it
            w.stage2().abandon();
            return null;
        }
        warmClaims.incrementAndGet();
        return w.stage2();
    }

    /**
     * As the daemon starts: runs are likely to come (one just left it starting, or a user is about
     * to use it), so {@link #CAPACITY} wait, until no claim came for {@link #IDLE_AFTER_MS}. With
     * one, the second run through a fresh daemon met its replacement still booting when it followed
     * the first at once (bench/run.sh's third run: 93-115 -> 70-88 ms, 3 fresh stores each).
     */
    public synchronized void expectRuns() {
        size = CAPACITY;
        lastClaimNanos = System.nanoTime();
    }

    /** Whether a warm stage 2 waits now. */
    public synchronized boolean ready() {
        return !warm.isEmpty();
    }

    /** A stage 2 spawned now, for a start that found no warm one (counted as a cold start). */
    public WaitingStage2 spawnCold(boolean tty, String network, List<String> hostNamespaces, Stdio stdio) {
        coldStarts.incrementAndGet();
        return launcher.spawn(tty, network, hostNamespaces, stdio);
    }

    /** Starts that used a warm stage 2 (tests and the daemon's log read it). */
    public long warmClaims() {
        return warmClaims.get();
    }

    public long coldStarts() {
        return coldStarts.get();
    }

    /**
     * Spawns warm stage 2s in the background until as many wait (or are on their way) as the pool
     * keeps now: {@link #CAPACITY} while runs come, {@link #IDLE_SIZE} when idle.
     */
    public void refill() {
        int more;
        boolean scheduleTrim;
        long delay;
        synchronized (this) {
            if (closed) return;
            delay = refillDelayMs(!warm.isEmpty());
            more = size - warm.size() - spawning;
            spawning += Math.max(more, 0);
            scheduleTrim = size > IDLE_SIZE && !trimScheduled;
            if (scheduleTrim) trimScheduled = true;
        }
        for (int i = 0; i < more; i++) spawner.schedule(this::spawnOne, delay, TimeUnit.MILLISECONDS);
        if (scheduleTrim) spawner.schedule(this::trimWhenIdle, IDLE_AFTER_MS, TimeUnit.MILLISECONDS);
    }

    /** With none ready, at once: the next run would wait for it. */
    static long refillDelayMs(boolean anotherReady) {
        return anotherReady ? REFILL_DELAY_MS : 0;
    }

    /** How many wait or are being spawned (tests and the idle-memory benchmark read it). */
    public synchronized int size() {
        return warm.size() + spawning;
    }

    /** Back to {@link #IDLE_SIZE} once no claim came for {@link #IDLE_AFTER_MS}; else looks again later. */
    private void trimWhenIdle() {
        java.util.List<Warm> extra = new java.util.ArrayList<>();
        long again;
        synchronized (this) {
            trimScheduled = false;
            if (closed) return;
            long idleMs = (System.nanoTime() - lastClaimNanos) / 1_000_000;
            again = IDLE_AFTER_MS - idleMs;
            if (again <= 0) {
                size = IDLE_SIZE;
                while (warm.size() > IDLE_SIZE) extra.add(warm.pollLast()); // the youngest go
            } else {
                trimScheduled = true;
            }
        }
        for (Warm w : extra) w.stage2().abandon();
        if (again > 0) spawner.schedule(this::trimWhenIdle, again, TimeUnit.MILLISECONDS);
    }

    static long idleAfterMs(String value) {
        try {
            return value == null ? 60_000 : Math.max(1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 60_000;
        }
    }

    private void spawnOne() {
        Warm w = null;
        try {
            byte[] before = mountinfo();
            if (before != null) w = new Warm(spawnOnDevNull(), before);
        } catch (RuntimeException e) {
            System.err.println("mini-docker daemon: cannot keep a stage 2 ready: " + e.getMessage());
        }
        synchronized (this) {
            spawning--;
            if (!closed && w != null) {
                warm.addLast(w);
                w = null;
            }
        }
        if (w != null) w.stage2().abandon(); // closed meanwhile
    }

    private WaitingStage2 spawnOnDevNull() {
        int devNull = ProcessSyscalls.open("/dev/null", FileFlags.O_RDWR | ProcessSyscalls.O_CLOEXEC);
        try {
            return launcher.spawnInBackground("none", Stdio.of(devNull, devNull, devNull), treeDir);
        } finally {
            ProcessSyscalls.close(devNull); // stage 2 has its own copies
        }
    }

    private static byte[] mountinfo() {
        return read(MOUNTINFO);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Kills and reaps the waiting stage 2s (and those being spawned). */
    @Override
    public void close() {
        java.util.List<Warm> waiting;
        synchronized (this) {
            closed = true;
            waiting = java.util.List.copyOf(warm);
            warm.clear();
        }
        for (Warm w : waiting) w.stage2().abandon();
        spawner.shutdown();
        try {
            spawner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
