package dev.minidocker.runtime.init;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.PosixSpawn;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.linux.Syscalls;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * {@code --init}: stage 2 stays as the container's PID 1 instead of exec'ing. It spawns the command,
 * forwards the signals a container gets (stop's SIGTERM, kill -s ...) to it, reaps every process
 * that is reparented to it, and exits with the command's status once the command ends (the kernel
 * then kills whatever is left in the PID namespace). Costs a JVM per container, so only on request.
 */
final class InitReaper {
    private static final String[] FORWARDED = {"TERM", "INT", "HUP", "QUIT", "USR1", "USR2", "WINCH", "ALRM", "CONT"};
    private final Syscalls sys;
    private final Handover handover;
    private final Forwarder forwarder;

    private InitReaper(Syscalls sys, Handover handover) {
        this.sys = sys;
        this.handover = handover;
        this.forwarder = new Forwarder(sys);
    }

    /** Before pivot_root: links posix_spawn and waitpid and installs the forwarding handlers. */
    static InitReaper prepare(Syscalls sys, Handover handover) {
        try {
            Class.forName(PosixSpawn.class.getName(), true, InitReaper.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        InitReaper reaper = new InitReaper(sys, handover);
        for (String name : FORWARDED) sys.onSignal(name, reaper.forwarder); // false: the JVM keeps that one
        sys.waitAny(); // links waitpid while the jar is reachable; no children yet: -1
        return reaper;
    }

    /**
     * Forwards a signal to the command. One that arrives before the command's pid is known (the
     * command can run, print and be signalled before posix_spawn returns here) is held and sent
     * once it is, as tini does: a lost SIGTERM would leave the container to run to its end. An
     * object, not a lambda: none after the release.
     */
    static final class Forwarder implements IntConsumer {
        private final Syscalls sys;
        private int child; // guarded by this
        private long held; // guarded by this: one bit per signal number that came before the child

        Forwarder(Syscalls sys) {
            this.sys = sys;
        }

        @Override
        public void accept(int signal) {
            int pid;
            synchronized (this) {
                pid = child;
                if (pid <= 0) {
                    if (signal > 0 && signal < 64) held |= 1L << signal;
                    return;
                }
            }
            sys.kill(pid, signal);
        }

        /** The command's pid: from now on signals go to it, and the held ones go first. */
        void started(int pid) {
            long signals;
            synchronized (this) {
                child = pid;
                signals = held;
                held = 0;
            }
            for (int s = 1; s < 64; s++) {
                if ((signals & (1L << s)) != 0) sys.kill(pid, s);
            }
        }
    }

    /** Spawns argv (PATH search as execvp), reports the start, then reaps until it ends. Never returns in production. */
    void run(List<String> argv, List<String> env, String path, CgroupJoin cgroup) {
        String command = argv.getFirst();
        int pid = -1;
        int errno = Errno.ENOENT;
        boolean denied = false;
        int[] keepStdio = {-1, -1, -1};
        String[] dirs = command.contains("/") ? new String[] {null} : path.split(":");
        for (String dir : dirs) {
            String candidate = dir == null ? command : (dir.isEmpty() ? "." : dir) + "/" + command;
            try {
                pid = sys.spawn(candidate, argv, env, keepStdio, false);
                forwarder.started(pid); // before anything else: the command may run and be signalled at once
                break;
            } catch (SyscallException e) {
                if (e.errno() == Errno.EACCES) denied = true;
                else if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR) {
                    errno = e.errno();
                    break;
                }
            }
        }
        handover.report(Stage2Protocol.READY, new byte[0], 0);
        if (pid < 0) {
            handover.execFailed(command, errno == Errno.ENOENT && denied ? Errno.EACCES : errno);
            return;
        }
        sys.close(Stage2Protocol.ERROR_FD); // EOF: the launcher sees a started container
        try {
            cgroup.leaveContainer(); // the command stays in the limits, this JVM need not count against them
        } catch (RuntimeException refused) {
            // cpuset v1 may refuse the move: then the reaper stays inside, which is only less tidy
        }
        cgroup.close();
        while (true) {
            long r = sys.waitAny();
            if (r == -1) sys.exit(0);
            if ((int) (r >>> 32) == pid) sys.exit(ProcessSyscalls.exitCode((int) r));
        }
    }
}
