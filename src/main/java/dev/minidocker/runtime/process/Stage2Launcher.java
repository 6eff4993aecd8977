package dev.minidocker.runtime.process;

import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.Niceness;
import dev.minidocker.linux.PosixSpawn;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.TerminalSyscalls;
import dev.minidocker.linux.ThrowawayThread;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import static dev.minidocker.linux.NamespaceSyscalls.*;

/**
 * Spawns stage 2: unshare on a throwaway thread, posix_spawn of a second, fresh JVM that becomes
 * PID 1 of the new namespaces and waits for its spec ({@link WaitingStage2}, which a caller then
 * places in its cgroup and releases). See DESIGN.md, "Process model". The only class that spawns a
 * container's stage 2; {@link Stage2Source} says which spawned one a container gets.
 */
public final class Stage2Launcher {
    private final Stage2Command stage2;
    private final boolean diesWithCaller;

    public Stage2Launcher() {
        this(Stage2Command.discover(), false);
    }

    /** With this stage 2 command (tests run a copy of the JDK as stage 2). */
    Stage2Launcher(Stage2Command stage2) {
        this(stage2, false);
    }

    private Stage2Launcher(Stage2Command stage2, boolean diesWithCaller) {
        this.stage2 = stage2;
        this.diesWithCaller = diesWithCaller;
    }

    /**
     * For the in-process foreground run: its stage 2 (and so the container, whose PID 1 it is or
     * becomes) gets SIGKILL when this process dies, even by SIGKILL (PR_SET_PDEATHSIG), as nothing
     * else would ever end it; teardown and the sweep of runs whose owner is gone do the rest. Never
     * for the daemon's containers: they outlive a daemon restart.
     */
    public static Stage2Launcher diesWithCaller() {
        return new Stage2Launcher(Stage2Command.discover(), true);
    }

    /**
     * Spawns and releases at once, outside any container cgroup; {@code beforeStart} sees the pid
     * before the release (tests and the start-up benchmark).
     */
    public RunningContainer start(ContainerSpec spec, IntConsumer beforeStart, Stdio stdio) {
        return spawn(spec.tty(), spec.network(), spec.hardening().hostNamespaces(), stdio)
                .release(spec, new NoCgroup(beforeStart));
    }

    /** Tells the caller the pid and places stage 2 nowhere. */
    private record NoCgroup(IntConsumer beforeStart) implements IntFunction<CgroupPlacement> {
        @Override
        public CgroupPlacement apply(int pid) {
            beforeStart.accept(pid);
            return CgroupPlacement.NONE;
        }
    }

    /** Spawns stage 2 for a container of this shape; {@link WaitingStage2#release} later gives it its spec. */
    public WaitingStage2 spawn(boolean tty, boolean hostNetwork, Stdio stdio) {
        return spawn(tty, hostNetwork ? "host" : "none", stdio);
    }

    /**
     * Spawns stage 2 for {@code network}: "host" keeps the host's network namespace,
     * "netns:PATH" joins that one (setns), anything else gets a new, empty one.
     */
    public WaitingStage2 spawn(boolean tty, String network, Stdio stdio) {
        return spawn(tty, network, List.of(), stdio, false, null);
    }

    /**
     * As above, sharing the host's {@code hostNamespaces} ("pid", "ipc", "uts": --pid/--ipc/--uts
     * host) instead of making new ones.
     */
    public WaitingStage2 spawn(boolean tty, String network, List<String> hostNamespaces, Stdio stdio) {
        return spawn(tty, network, hostNamespaces, stdio, false, null);
    }

    /** How much nicer than its spawner a stage 2 spawned ahead of time boots. */
    static final int BACKGROUND_NICE = 10;

    /**
     * As {@link #spawn(boolean, String, Stdio)} without a tty, for a stage 2 spawned ahead of time
     * (the daemon's pool): it boots {@link #BACKGROUND_NICE} nicer than this thread, so that on a
     * busy machine its JVM start-up (~45 ms of CPU) takes what the runs and everything else leave;
     * once booted, before it waits, its threads return to this thread's nice value, which the
     * container then has. With {@code treeDir} (an empty host directory, or null), it also mounts
     * a default container's /proc, /dev and /sys there before it waits (MountPlan#preparedTree).
     */
    public WaitingStage2 spawnInBackground(String network, Stdio stdio, String treeDir) {
        return spawn(false, network, List.of(), stdio, true, treeDir);
    }

    private WaitingStage2 spawn(boolean tty, String network, List<String> hostNamespaces, Stdio stdio, boolean background,
                                String treeDir) {
        boolean hostNetwork = "host".equals(network);
        String joinNetns = WaitingStage2.joinedNetns(network);
        int flags = CLONE_NEWNS;
        if (!hostNamespaces.contains("uts")) flags |= CLONE_NEWUTS;
        if (!hostNamespaces.contains("ipc")) flags |= CLONE_NEWIPC;
        if (!hostNamespaces.contains("pid")) flags |= CLONE_NEWPID;
        if (!hostNetwork && joinNetns == null) flags |= CLONE_NEWNET;
        List<Join> joins = joinNetns == null ? List.of() : List.of(new Join(joinNetns, CLONE_NEWNET));
        return spawn(tty, flags, joins, stdio, network, background, treeDir);
    }

    /** A namespace to enter by path (setns) rather than create. */
    public record Join(String path, int nstype) {}

    /**
     * Spawns stage 2 in new namespaces ({@code unshareFlags}, CLONE_NEWNS among them) after joining
     * {@code joins}, for an OCI bundle; {@code network} is the spec's network ("host", "none" or
     * "netns:PATH") that {@link WaitingStage2#fits} checks.
     */
    public WaitingStage2 spawn(boolean tty, int unshareFlags, List<Join> joins, Stdio stdio, String network) {
        return spawn(tty, unshareFlags, joins, stdio, network, false, null);
    }

    /**
     * The PID, IPC and UTS namespaces that a stage 2 spawned with {@code unshareFlags} after
     * {@code joins} shares with its spawner, neither made new nor joined: "pid", "ipc", "uts" (a
     * spec's {@code Hardening.hostNamespaces}, which {@link WaitingStage2#fits} compares).
     */
    public static List<String> hostNamespaces(int unshareFlags, List<Join> joins) {
        List<String> shared = new ArrayList<>();
        int[] flags = {CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWUTS};
        String[] names = {"pid", "ipc", "uts"};
        for (int i = 0; i < flags.length; i++) {
            boolean joined = false;
            for (Join j : joins) joined |= j.nstype() == flags[i];
            if ((unshareFlags & flags[i]) == 0 && !joined) shared.add(names[i]);
        }
        return List.copyOf(shared);
    }

    private WaitingStage2 spawn(boolean tty, int unshareFlags, List<Join> joins, Stdio stdio, String network,
                                boolean background, String treeDir) {
        if ((unshareFlags & CLONE_NEWNS) == 0) throw new IllegalArgumentException("stage 2 needs a new mount namespace");
        boolean hostNetwork = "host".equals(network);
        String joinNetns = WaitingStage2.joinedNetns(network);
        List<Integer> toClose = new ArrayList<>();
        int[] sync = dev.minidocker.linux.UnixSockets.socketPair(); // [0] stage 2's end, [1] ours
        int[] errors = ProcessSyscalls.pipe();
        toClose.addAll(List.of(sync[0], sync[1], errors[0], errors[1]));
        int[] pty = null;
        StdioRelay relay = null;
        int pid;
        try {
            if (tty) {
                pty = TerminalSyscalls.openPty();
                toClose.add(pty[1]);
            } else if (stdio.relay()) {
                relay = StdioRelay.open(stdio);
            }
            Stdio child = relay != null ? relay.containerSide() : stdio;
            int[] childFds = tty ? new int[] {pty[1], pty[1], pty[1], sync[0], errors[1]}
                    : new int[] {child.in(), child.out(), child.err(), sync[0], errors[1]};
            // dup2 file actions run in order, so no source may be a target; and dup2(fd, fd) would
            // keep a pipe's close-on-exec flag. Such sources are moved out of the way first.
            for (int i = 0; i < childFds.length; i++) {
                if (childFds[i] < childFds.length && (childFds[i] != i || i >= 3)) {
                    childFds[i] = ProcessSyscalls.dupAbove(childFds[i], 10);
                    toClose.add(childFds[i]);
                }
            }
            pid = spawnInNewNamespaces(unshareFlags, joins, tty, childFds, background, treeDir);
        } catch (RuntimeException e) {
            toClose.forEach(ProcessSyscalls::close);
            if (pty != null) ProcessSyscalls.close(pty[0]);
            if (relay != null) relay.finish();
            throw e;
        }
        // The parent keeps only the sync write end, the error read end, the pty master and the relay's ends.
        for (int fd : toClose) if (fd != sync[1] && fd != errors[0]) ProcessSyscalls.close(fd);
        if (relay != null) relay.start();
        return new WaitingStage2(pid, sync[1], errors[0], pty == null ? -1 : pty[0], tty, hostNetwork, joinNetns,
                hostNamespaces(unshareFlags, joins), stdio, relay);
    }

    /**
     * Namespaces are per thread: only this short-lived thread (and its child) ever enters them. Its
     * new mount namespace gets the JVM's files read-only before java is spawned from them.
     */
    private int spawnInNewNamespaces(int nsFlags, List<Join> joins, boolean newSession, int[] childFds,
                                     boolean background, String treeDir) {
        java.util.function.Supplier<Integer> spawn = () -> {
            // --network container:, or an OCI bundle's namespace paths
            for (Join join : joins) dev.minidocker.linux.NamespaceFiles.enter(join.path(), join.nstype());
            NamespaceSyscalls.unshare(nsFlags);
            ReadOnlyRuntime.seal(stage2.runtimeFiles());
            Integer restoreNice = null;
            if (background) { // this thread ends after the spawn: its own nice value does not matter
                restoreNice = Niceness.ofThisThread();
                Niceness.set(0, Math.min(19, restoreNice + BACKGROUND_NICE));
            }
            return PosixSpawn.spawn(stage2.java(), stage2.argv(diesWithCaller, restoreNice, treeDir), List.of(), childFds, newSession);
        };
        if (!diesWithCaller) return ThrowawayThread.call("minidocker-spawn", spawn);
        // The parent-death signal fires when the spawning thread ends: it stays until stage 2 has exited.
        return ThrowawayThread.callAndStay("minidocker-spawn", spawn, new UntilExit());
    }

    /** Parks the spawning thread until its stage 2 has exited (a pidfd polled, nothing reaped). */
    private static final class UntilExit implements java.util.function.Consumer<Integer> {
        @Override
        public void accept(Integer pid) {
            java.util.OptionalInt fd = dev.minidocker.linux.PidFd.open(pid, 0);
            if (fd.isEmpty()) return;
            try {
                dev.minidocker.linux.PidFd.awaitExit(fd.getAsInt(), -1);
            } finally {
                ProcessSyscalls.close(fd.getAsInt());
            }
        }
    }
}
