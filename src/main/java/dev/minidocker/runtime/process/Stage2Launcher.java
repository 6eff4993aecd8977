package dev.minidocker.runtime.process;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.PosixSpawn;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.TerminalSyscalls;
import dev.minidocker.linux.ThrowawayThread;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.CommandNotExecutableException;
import dev.minidocker.runtime.spec.CommandNotFoundException;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ContainerStartException;
import dev.minidocker.runtime.spec.Stage2Message;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import static dev.minidocker.linux.NamespaceSyscalls.*;

/**
 * Starts containers: unshare on a throwaway thread, posix_spawn of stage 2 (a second, fresh JVM
 * that becomes PID 1 of the new namespaces), cgroup placement by the caller, release, and the
 * exec result over a close-on-exec pipe. See DESIGN.md, "Process model".
 */
public final class Stage2Launcher {
    private static final int SIGKILL = 9;
    private final Stage2Command stage2;

    public Stage2Launcher() {
        this(Stage2Command.discover());
    }

    /** With this stage 2 command (tests run a copy of the JDK as stage 2). */
    Stage2Launcher(Stage2Command stage2) {
        this.stage2 = stage2;
    }

    /** Starts stage 2 outside any container cgroup; {@code beforeStart} sees its pid before the release. */
    public RunningContainer start(ContainerSpec spec, IntConsumer beforeStart, Stdio stdio) {
        return startPlaced(spec, pid -> {
            beforeStart.accept(pid);
            return CgroupPlacement.NONE;
        }, stdio);
    }

    /**
     * Starts stage 2, then calls {@code place} with its pid while it waits: the caller creates the
     * cgroup then (so that this overlaps stage 2's JVM start-up) and says where stage 2 goes (see
     * {@link CgroupPlacement}). If {@code place} throws, stage 2 is killed and reaped.
     */
    public RunningContainer startPlaced(ContainerSpec spec, IntFunction<CgroupPlacement> place, Stdio stdio) {
        return release(spawn(spec.tty(), spec.network(), stdio), spec, place);
    }

    /**
     * A stage 2 spawned in its namespaces, its JVM starting, waiting for its spec on the sync pipe.
     * {@code run} spawns it before it resolves the image, so that both JVMs start side by side.
     */
    public static final class Spawned {
        private final int pid, syncWrite, errorRead, ptyMaster;
        private final boolean tty, hostNetwork;
        private final String joinNetns;
        private final Stdio stdio;
        private boolean used;

        private Spawned(int pid, int syncWrite, int errorRead, int ptyMaster, boolean tty, boolean hostNetwork,
                        String joinNetns, Stdio stdio) {
            this.joinNetns = joinNetns;
            this.pid = pid;
            this.syncWrite = syncWrite;
            this.errorRead = errorRead;
            this.ptyMaster = ptyMaster;
            this.tty = tty;
            this.hostNetwork = hostNetwork;
            this.stdio = stdio;
        }

        public int pid() {
            return pid;
        }

        /** Whether a container with this spec can be released into this stage 2. */
        public boolean fits(ContainerSpec spec) {
            return spec.tty() == tty && "host".equals(spec.network()) == hostNetwork
                    && java.util.Objects.equals(joinedNetns(spec.network()), joinNetns);
        }

        /** Gives up on it: it reads EOF instead of a spec and would exit; killed and reaped here. */
        public void abandon() {
            if (used) return;
            used = true;
            ProcessSyscalls.close(syncWrite);
            ProcessSyscalls.close(errorRead);
            if (ptyMaster >= 0) ProcessSyscalls.close(ptyMaster);
            ProcessSyscalls.kill(pid, SIGKILL);
            ProcessSyscalls.waitpid(pid);
        }
    }

    /** Spawns stage 2 for a container of this shape; {@link #release} later gives it its spec. */
    public Spawned spawn(boolean tty, boolean hostNetwork, Stdio stdio) {
        return spawn(tty, hostNetwork ? "host" : "none", stdio);
    }

    /** The namespace a "netns:/proc/PID/ns/net" network (--network container:NAME) joins, else null. */
    static String joinedNetns(String network) {
        return network != null && network.startsWith("netns:") ? network.substring("netns:".length()) : null;
    }

    /**
     * Spawns stage 2 for {@code network}: "host" keeps the host's network namespace,
     * "netns:PATH" joins that one (setns), anything else gets a new, empty one.
     */
    public Spawned spawn(boolean tty, String network, Stdio stdio) {
        boolean hostNetwork = "host".equals(network);
        String joinNetns = joinedNetns(network);
        List<Integer> toClose = new ArrayList<>();
        int[] sync = dev.minidocker.linux.UnixSockets.socketPair(); // [0] stage 2's end, [1] ours
        int[] errors = ProcessSyscalls.pipe();
        toClose.addAll(List.of(sync[0], sync[1], errors[0], errors[1]));
        int[] pty = null;
        int pid;
        try {
            if (tty) {
                pty = TerminalSyscalls.openPty();
                toClose.add(pty[1]);
            }
            int[] childFds = tty ? new int[] {pty[1], pty[1], pty[1], sync[0], errors[1]}
                    : new int[] {stdio.in(), stdio.out(), stdio.err(), sync[0], errors[1]};
            // dup2 file actions run in order, so no source may be a target; and dup2(fd, fd) would
            // keep a pipe's close-on-exec flag. Such sources are moved out of the way first.
            for (int i = 0; i < childFds.length; i++) {
                if (childFds[i] < childFds.length && (childFds[i] != i || i >= 3)) {
                    childFds[i] = ProcessSyscalls.dupAbove(childFds[i], 10);
                    toClose.add(childFds[i]);
                }
            }
            pid = spawnInNewNamespaces(hostNetwork, joinNetns, tty, childFds);
        } catch (RuntimeException e) {
            toClose.forEach(ProcessSyscalls::close);
            if (pty != null) ProcessSyscalls.close(pty[0]);
            throw e;
        }
        // The parent keeps only the sync write end, the error read end and the pty master.
        for (int fd : toClose) if (fd != sync[1] && fd != errors[0]) ProcessSyscalls.close(fd);
        return new Spawned(pid, sync[1], errors[0], pty == null ? -1 : pty[0], tty, hostNetwork, joinNetns, stdio);
    }

    /**
     * Calls {@code place} with the waiting stage 2's pid, sends it the spec (the release) and waits
     * until it has exec'd the command or failed. If anything fails, stage 2 is killed and reaped.
     */
    public RunningContainer release(Spawned s, ContainerSpec spec, IntFunction<CgroupPlacement> place) {
        return release(s, spec, place, null);
    }

    /**
     * As {@link #release(Spawned, ContainerSpec, IntFunction)}, and {@code stdio} (in, out, err;
     * null: keep what stage 2 was spawned with) travels with the spec: stage 2 puts them on its
     * 0, 1 and 2. How a stage 2 spawned ahead of time, on /dev/null, gets a caller's stdio. The
     * caller keeps its own copies of these fds.
     */
    public RunningContainer release(Spawned s, ContainerSpec spec, IntFunction<CgroupPlacement> place, Stdio stdio) {
        if (stdio != null && s.tty) throw new IllegalArgumentException("stdio at release needs a stage 2 without a tty");
        if (s.used || !s.fits(spec)) throw new IllegalArgumentException("stage 2 " + s.pid + " does not fit this container");
        s.used = true;
        int pid = s.pid;
        try {
            byte[] encoded = new Stage2Message(place.apply(pid), spec).encode();
            int[] fds = stdio == null ? new int[0] : new int[] {stdio.in(), stdio.out(), stdio.err()};
            dev.minidocker.linux.UnixSockets.send(s.syncWrite, encoded, fds);
        } catch (RuntimeException e) {
            ProcessSyscalls.close(s.syncWrite);
            ProcessSyscalls.close(s.errorRead);
            if (s.ptyMaster >= 0) ProcessSyscalls.close(s.ptyMaster);
            ProcessSyscalls.kill(pid, SIGKILL);
            ProcessSyscalls.waitpid(pid);
            throw e;
        }
        ProcessSyscalls.close(s.syncWrite);
        byte[] report;
        try {
            report = ProcessSyscalls.readAll(s.errorRead);
        } finally {
            ProcessSyscalls.close(s.errorRead);
        }
        boolean ready = report.length > 0 && report[0] == Stage2Protocol.READY;
        if (ready && report.length == 1) return new LaunchedContainer(pid, spec, stdio != null ? stdio : s.stdio, s.ptyMaster);

        if (s.ptyMaster >= 0) ProcessSyscalls.close(s.ptyMaster);
        int status = ProcessSyscalls.exitCode(ProcessSyscalls.waitpid(pid));
        throw failure(ready ? Arrays.copyOfRange(report, 1, report.length) : report, status);
    }

    /**
     * Namespaces are per thread: only this short-lived thread (and its child) ever enters them. Its
     * new mount namespace gets the JVM's files read-only before java is spawned from them.
     */
    private int spawnInNewNamespaces(boolean hostNetwork, String joinNetns, boolean newSession, int[] childFds) {
        int flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID;
        if (!hostNetwork && joinNetns == null) flags |= CLONE_NEWNET;
        int nsFlags = flags;
        return ThrowawayThread.call("minidocker-spawn", () -> {
            if (joinNetns != null) dev.minidocker.linux.NetNamespace.enter(joinNetns); // --network container:
            NamespaceSyscalls.unshare(nsFlags);
            ReadOnlyRuntime.seal(stage2.runtimeFiles());
            return PosixSpawn.spawn(stage2.java(), stage2.argv(), List.of(), childFds, newSession);
        });
    }

    static ContainerStartException failure(byte[] report, int status) {
        if (report.length == 0) {
            return new ContainerStartException("container init (stage 2) exited with status " + status
                    + " before starting the command");
        }
        String text = new String(report, 1, report.length - 1, StandardCharsets.UTF_8);
        if (report[0] == Stage2Protocol.EXEC_FAILED && report.length >= 5) {
            int errno = ((report[1] & 0xff) << 24) | ((report[2] & 0xff) << 16) | ((report[3] & 0xff) << 8) | (report[4] & 0xff);
            String command = new String(report, 5, report.length - 5, StandardCharsets.UTF_8);
            if (errno == Errno.ENOENT) {
                return new CommandNotFoundException(command.contains("/")
                        ? "exec: \"" + command + "\": no such file or directory"
                        : "exec: \"" + command + "\": executable file not found in $PATH");
            }
            return new CommandNotExecutableException("exec: \"" + command + "\": " + Errno.describe(errno));
        }
        return new ContainerStartException(text);
    }
}
