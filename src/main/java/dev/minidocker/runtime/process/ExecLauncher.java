package dev.minidocker.runtime.process;

import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.PosixSpawn;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.TerminalSyscalls;
import dev.minidocker.linux.ThrowawayThread;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ExecSpec;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

import static dev.minidocker.linux.NamespaceSyscalls.*;

/**
 * {@code exec}: starts a process inside a running container. A throwaway thread joins the
 * container's IPC, UTS, network and PID namespaces and posix_spawns stage 2 in exec mode (the java
 * binary is only visible on the host's filesystem). Stage 2 gets the container's cgroup and mount
 * namespaces as fds: it opens the cgroup.procs files first (so the move is checked against the
 * host's cgroup namespace), joins the cgroup namespace, then {@code unshare(CLONE_FS)} and
 * {@code setns} into the mount namespace on its one thread, sets user and capabilities, joins the
 * cgroup and execve's. See DESIGN.md, "Process model".
 */
public final class ExecLauncher {
    private static final String[] SPAWN_NAMESPACES = {"ipc", "uts", "net", "pid"};
    private static final int[] SPAWN_TYPES = {CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWPID};

    private final Stage2Command stage2;

    public ExecLauncher() {
        this(Stage2Command.discover());
    }

    /** With this stage 2 command (tests run a copy of the JDK as stage 2). */
    ExecLauncher(Stage2Command stage2) {
        this.stage2 = stage2;
    }

    /**
     * Starts {@code spec} in the namespaces of {@code initPid} (the container's PID 1, which the
     * caller has checked is alive). With {@code spec.tty()} a pty is made and relayed to stdio.
     * Throws CommandNotFoundException / CommandNotExecutableException as run does.
     */
    public RunningContainer start(long initPid, ExecSpec spec, boolean interactive, Stdio stdio) {
        return launch(initPid, spec, interactive, stdio, false, null);
    }

    /**
     * {@link #start} without waiting for the process (nobody here reaps it): once this process
     * exits, it belongs to the caller's subreaper (mini-docker-runtime exec --detach under conmon).
     * No tty. Returns its pid.
     */
    public int startDetached(long initPid, ExecSpec spec, Stdio stdio) {
        if (spec.tty()) throw new IllegalArgumentException("a detached exec with a tty needs somewhere for the pty master");
        return launch(initPid, spec, false, stdio, true, null).pid();
    }

    /**
     * {@link #startDetached(long, ExecSpec, Stdio)} with a tty: the pty's master goes to {@code
     * ptyMaster} (an OCI console socket) once the command runs, and is closed here afterwards.
     */
    public int startDetached(long initPid, ExecSpec spec, Stdio stdio, IntConsumer ptyMaster) {
        return launch(initPid, spec, false, stdio, true, ptyMaster).pid();
    }

    private RunningContainer launch(long initPid, ExecSpec spec, boolean interactive, Stdio stdio, boolean detached,
                                    IntConsumer ptyMaster) {
        List<Integer> toClose = new ArrayList<>();
        LinuxFileSyscalls files = new LinuxFileSyscalls();
        int[] spawnNs = new int[SPAWN_NAMESPACES.length];
        Arrays.fill(spawnNs, -1);
        // An attached exec with a terminal gets its pty from the container's devpts: the master comes back on a socket.
        if (spec.tty() && !detached) spec = spec.withOwnPty();
        int[] sync = spec.ownsPty() ? dev.minidocker.linux.UnixSockets.socketPair() : ProcessSyscalls.pipe();
        int[] errors = ProcessSyscalls.pipe();
        int[] pty = null;
        StdioRelay relay = null;
        int pid;
        try {
            for (int i = 0; i < spawnNs.length; i++) {
                spawnNs[i] = files.open(nsPath(initPid, SPAWN_NAMESPACES[i]), FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
                toClose.add(spawnNs[i]);
            }
            int cgroupNs = files.open(nsPath(initPid, "cgroup"), FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
            toClose.add(cgroupNs);
            int mountNs = files.open(nsPath(initPid, "mnt"), FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
            toClose.add(mountNs);
            toClose.addAll(List.of(sync[0], errors[1]));
            if (spec.tty()) {
                pty = TerminalSyscalls.openPty();
                toClose.add(pty[1]);
            } else if (stdio.relay() && !detached) {
                relay = StdioRelay.open(stdio);
            }
            Stdio child = relay != null ? relay.containerSide() : stdio;
            int[] childFds = spec.tty()
                    ? new int[] {pty[1], pty[1], pty[1], sync[0], errors[1], cgroupNs, mountNs}
                    : new int[] {child.in(), child.out(), child.err(), sync[0], errors[1], cgroupNs, mountNs};
            // As in Stage2Launcher: no dup2 source may be a target, and dup2(fd, fd) keeps CLOEXEC.
            for (int i = 0; i < childFds.length; i++) {
                if (childFds[i] < childFds.length && (childFds[i] != i || i >= 3)) {
                    childFds[i] = ProcessSyscalls.dupAbove(childFds[i], 10);
                    toClose.add(childFds[i]);
                }
            }
            pid = spawnInNamespaces(spawnNs, childFds, spec.tty());
        } catch (RuntimeException e) {
            toClose.forEach(ProcessSyscalls::close);
            ProcessSyscalls.close(sync[1]);
            ProcessSyscalls.close(errors[0]);
            if (pty != null) ProcessSyscalls.close(pty[0]);
            if (relay != null) relay.finish();
            throw e;
        }
        toClose.forEach(ProcessSyscalls::close);
        if (relay != null) relay.start();
        try {
            byte[] encoded = spec.encode();
            ProcessSyscalls.writeFully(sync[1], encoded, 0, encoded.length);
        } catch (RuntimeException e) {
            ProcessSyscalls.kill(pid, 9);
        }
        int master = pty == null ? -1 : pty[0];
        if (spec.ownsPty()) {
            master = PtyMaster.receive(sync[1], master);
        } else {
            ProcessSyscalls.close(sync[1]);
        }
        byte[] report;
        try {
            report = ProcessSyscalls.readAll(errors[0]);
        } finally {
            ProcessSyscalls.close(errors[0]);
        }
        boolean ready = report.length > 0 && report[0] == Stage2Protocol.READY;
        ContainerSpec relayView = new ContainerSpec(null, null, spec.args(), spec.env(), spec.workingDir(), spec.user(),
                null, false, List.of(), null, spec.tty(), interactive, spec.capabilities(), null, false, spec.hardening());
        if (ready && report.length == 1 && detached) {
            if (pty != null) {
                try {
                    ptyMaster.accept(pty[0]);
                } finally {
                    ProcessSyscalls.close(pty[0]);
                }
            }
            return new Detached(pid);
        }
        if (ready && report.length == 1) return new LaunchedContainer(pid, relayView, stdio, master, relay);
        if (master >= 0) ProcessSyscalls.close(master);
        int status = ProcessSyscalls.exitCode(ProcessSyscalls.waitpid(pid));
        if (relay != null) relay.finish();
        throw Stage2Protocol.failure(ready ? Arrays.copyOfRange(report, 1, report.length) : report, status);
    }

    private static String nsPath(long pid, String ns) {
        return "/proc/" + pid + "/ns/" + ns;
    }

    /**
     * Namespaces are per thread: only this short-lived thread (and its child) ever joins them. A
     * mount namespace of its own, a copy of the host's, gets the JVM's files read-only before java
     * is spawned from them (see ReadOnlyRuntime): exec's stage 2 is in the container's PID namespace
     * from its first instruction, and its command may re-execute /proc/self/exe.
     */
    private int spawnInNamespaces(int[] nsFds, int[] childFds, boolean tty) {
        List<String> argv = new ArrayList<>(stage2.argv());
        argv.add(ExecSpec.MODE);
        return ThrowawayThread.call("minidocker-exec-spawn", () -> {
            for (int i = 0; i < nsFds.length; i++) {
                NamespaceSyscalls.setns(nsFds[i], SPAWN_TYPES[i], SPAWN_NAMESPACES[i] + " namespace of the container");
            }
            NamespaceSyscalls.unshare(CLONE_NEWNS);
            ReadOnlyRuntime.seal(stage2.runtimeFiles());
            return PosixSpawn.spawn(stage2.java(), argv, List.of(), childFds, tty);
        });
    }

    /** A started exec nobody waits for here. */
    private record Detached(int pid) implements RunningContainer {
        @Override
        public int waitFor() {
            throw new IllegalStateException("a detached exec is not waited for");
        }

        @Override
        public void signal(int signo) {
            ProcessSyscalls.kill(pid, signo);
        }
    }
}
