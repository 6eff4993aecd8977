package dev.minidocker.runtime;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.PosixSpawn;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.TerminalSyscalls;
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
public final class ContainerLauncher {
    private static final int SIGKILL = 9;
    private final Stage2Command stage2;

    public ContainerLauncher() {
        this.stage2 = Stage2Command.discover();
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
        List<Integer> toClose = new ArrayList<>();
        int[] sync = ProcessSyscalls.pipe();
        int[] errors = ProcessSyscalls.pipe();
        toClose.addAll(List.of(sync[0], sync[1], errors[0], errors[1]));
        int[] pty = null;
        int pid;
        try {
            if (spec.tty()) {
                pty = TerminalSyscalls.openPty();
                toClose.add(pty[1]);
            }
            int[] childFds = spec.tty() ? new int[] {pty[1], pty[1], pty[1], sync[0], errors[1]}
                    : new int[] {stdio.in(), stdio.out(), stdio.err(), sync[0], errors[1]};
            // dup2 file actions run in order, so no source may be a target; and dup2(fd, fd) would
            // keep a pipe's close-on-exec flag. Such sources are moved out of the way first.
            for (int i = 0; i < childFds.length; i++) {
                if (childFds[i] < childFds.length && (childFds[i] != i || i >= 3)) {
                    childFds[i] = ProcessSyscalls.dupAbove(childFds[i], 10);
                    toClose.add(childFds[i]);
                }
            }
            pid = spawnInNewNamespaces(spec, childFds);
        } catch (RuntimeException e) {
            toClose.forEach(ProcessSyscalls::close);
            if (pty != null) ProcessSyscalls.close(pty[0]);
            throw e;
        }
        // The parent keeps only the sync write end, the error read end and the pty master.
        for (int fd : toClose) if (fd != sync[1] && fd != errors[0]) ProcessSyscalls.close(fd);
        try {
            byte[] encoded = new Stage2Message(place.apply(pid), spec).encode();
            ProcessSyscalls.writeFully(sync[1], encoded, 0, encoded.length);
        } catch (RuntimeException e) {
            ProcessSyscalls.close(sync[1]);
            ProcessSyscalls.close(errors[0]);
            if (pty != null) ProcessSyscalls.close(pty[0]);
            ProcessSyscalls.kill(pid, SIGKILL);
            ProcessSyscalls.waitpid(pid);
            throw e;
        }
        ProcessSyscalls.close(sync[1]);
        byte[] report;
        try {
            report = ProcessSyscalls.readAll(errors[0]);
        } finally {
            ProcessSyscalls.close(errors[0]);
        }
        boolean ready = report.length > 0 && report[0] == Stage2Protocol.READY;
        if (ready && report.length == 1) return new LaunchedContainer(pid, spec, stdio, pty == null ? -1 : pty[0]);

        if (pty != null) ProcessSyscalls.close(pty[0]);
        int status = ProcessSyscalls.exitCode(ProcessSyscalls.waitpid(pid));
        throw failure(ready ? Arrays.copyOfRange(report, 1, report.length) : report, status);
    }

    /** Namespaces are per thread: only this short-lived thread (and its child) ever enters them. */
    private int spawnInNewNamespaces(ContainerSpec spec, int[] childFds) {
        int flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID;
        String joinNetns = spec.network() != null && spec.network().startsWith("netns:")
                ? spec.network().substring("netns:".length()) : null;
        if (!"host".equals(spec.network()) && joinNetns == null) flags |= CLONE_NEWNET;
        int nsFlags = flags;
        int[] pid = {-1};
        RuntimeException[] failure = {null};
        Thread t = Thread.ofPlatform().name("minidocker-spawn").unstarted(() -> {
            try {
                if (joinNetns != null) dev.minidocker.linux.NetNamespace.enter(joinNetns); // --network container:
                NamespaceSyscalls.unshare(nsFlags);
                pid[0] = PosixSpawn.spawn(stage2.java(), stage2.argv(), List.of(), childFds, spec.tty());
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerStartException("interrupted while starting the container");
        }
        if (failure[0] != null) throw failure[0];
        return pid[0];
    }

    private static ContainerStartException failure(byte[] report, int status) {
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
