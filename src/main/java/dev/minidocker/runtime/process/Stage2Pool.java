package dev.minidocker.runtime.process;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warm stage 2s kept waiting in the daemon: spawned ahead of time in fresh namespaces (new
 * network namespace, no tty: what none, bridge and user-network runs need), on /dev/null, their
 * JVM up and their classes loaded, so that a run's critical path holds no JVM start-up. A start
 * {@link #claim claims} the oldest and sends the caller's stdio with the release (Stage2Protocol);
 * the replacement is spawned in the background once that start is done ({@link #refill}).
 * {@link #CAPACITY Two} wait, not one: a JVM takes longer to boot on a busy 2-core machine than
 * the gap between two runs of a script, and a claimed stage 2 still booting puts its boot back on
 * the run's critical path (back-to-back runs took 185 ms in the daemon with one, 70 ms with a gap).
 * Each waiting stage 2 costs ~20 MB (PSS).
 *
 * <p>Freshness: its mount namespace is a copy of the host's taken at spawn, so a mount made on the
 * host later (a -v source on a new mount) would be missing in it. The host's mountinfo is recorded
 * at spawn; a claim uses the warm one only while it is unchanged, else abandons it.
 *
 * <p>{@link #close} kills and reaps it; if the daemon dies instead, stage 2 reads EOF and exits.
 */
public final class Stage2Pool implements AutoCloseable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private final Stage2Launcher launcher;
    private final ExecutorService spawner = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("minidocker-stage2-pool").unstarted(r));
    private final AtomicLong warmClaims = new AtomicLong(), coldStarts = new AtomicLong();
    /** How many stage 2s wait (or are being spawned) at most. */
    static final int CAPACITY = 2;
    private final java.util.ArrayDeque<Warm> warm = new java.util.ArrayDeque<>();
    private int spawning;
    private boolean closed;

    private record Warm(WaitingStage2 stage2, byte[] mountinfo) {}

    public Stage2Pool(Stage2Launcher launcher) {
        this.launcher = launcher;
    }

    /** Whether a warm stage 2 can serve this container: a new network namespace and no tty. */
    public static boolean serves(ContainerSpec spec) {
        return !spec.tty() && !"host".equals(spec.network()) && WaitingStage2.joinedNetns(spec.network()) == null;
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
            w = warm.pollFirst(); // the oldest: the one most likely booted
        }
        if (w == null) return null;
        byte[] now = mountinfo();
        if (now == null || !Arrays.equals(now, w.mountinfo())) {
            // the host's mounts changed: every stage 2 waiting now was spawned before that
            java.util.List<Warm> stale;
            synchronized (this) {
                stale = java.util.List.copyOf(warm);
                warm.clear();
            }
            w.stage2().abandon();
            stale.forEach(old -> old.stage2().abandon());
            return null;
        }
        if (!alive(w.stage2().pid())) {
            w.stage2().abandon();
            return null;
        }
        warmClaims.incrementAndGet();
        return w.stage2();
    }

    /** Whether a warm stage 2 waits now. */
    public synchronized boolean ready() {
        return !warm.isEmpty();
    }

    /** A stage 2 spawned now, for a start that found no warm one (counted as a cold start). */
    public WaitingStage2 spawnCold(boolean tty, String network, Stdio stdio) {
        coldStarts.incrementAndGet();
        return launcher.spawn(tty, network, stdio);
    }

    /** Starts that used a warm stage 2 (tests and the daemon's log read it). */
    public long warmClaims() {
        return warmClaims.get();
    }

    public long coldStarts() {
        return coldStarts.get();
    }

    /** Spawns warm stage 2s in the background until {@link #CAPACITY} wait or are on their way. */
    public void refill() {
        int more;
        synchronized (this) {
            if (closed) return;
            more = CAPACITY - warm.size() - spawning;
            spawning += Math.max(more, 0);
        }
        for (int i = 0; i < more; i++) spawner.execute(this::spawnOne);
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
            return launcher.spawn(false, "none", Stdio.of(devNull, devNull, devNull));
        } finally {
            ProcessSyscalls.close(devNull); // stage 2 has its own copies
        }
    }

    /** A stage 2 that died (or was killed) while waiting is a zombie until abandon() reaps it. */
    private static boolean alive(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] mountinfo() {
        try {
            return Files.readAllBytes(MOUNTINFO);
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
