package dev.minidocker.runtime.init;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.PosixSpawn;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * {@code --init}: stage 2 stays as the container's PID 1 instead of exec'ing. It spawns the command,
 * forwards the signals a container gets (stop's SIGTERM, kill -s ...) to it, reaps every process
 * that is reparented to it, and exits with the command's status once the command ends (the kernel
 * then kills whatever is left in the PID namespace). Costs a JVM per container, so only on request.
 */
final class InitReaper {
    private static final String[] FORWARDED = {"TERM", "INT", "HUP", "QUIT", "USR1", "USR2", "WINCH", "ALRM", "CONT"};
    private static final AtomicInteger CHILD = new AtomicInteger();

    private InitReaper() {}

    /** Before pivot_root: links posix_spawn and installs the forwarding handlers. */
    static void prepare() {
        try {
            Class.forName(PosixSpawn.class.getName(), true, InitReaper.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), s -> {
                    int child = CHILD.get();
                    if (child > 0) ProcessSyscalls.kill(child, s.getNumber());
                });
            } catch (IllegalArgumentException reservedByTheJvm) {
                // that signal keeps the JVM's meaning
            }
        }
        ProcessSyscalls.waitAny(); // links waitpid while the jar is reachable; no children yet: -1
    }

    /** Spawns argv (PATH search as execvp), reports the start, then reaps until it ends. Never returns. */
    static void run(List<String> argv, List<String> env, String path, CgroupJoin cgroup) {
        String command = argv.getFirst();
        int pid = -1;
        int errno = Errno.ENOENT;
        boolean denied = false;
        int[] keepStdio = {-1, -1, -1};
        List<String> candidates = command.contains("/") ? List.of(command)
                : java.util.Arrays.stream(path.split(":")).map(d -> (d.isEmpty() ? "." : d) + "/" + command).toList();
        for (String candidate : candidates) {
            try {
                pid = PosixSpawn.spawn(candidate, argv, env, keepStdio, false);
                break;
            } catch (SyscallException e) {
                if (e.errno() == Errno.EACCES) denied = true;
                else if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR) {
                    errno = e.errno();
                    break;
                }
            }
        }
        Stage2.report(Stage2Protocol.READY, new byte[0], 0);
        if (pid < 0) {
            if (errno == Errno.ENOENT && denied) errno = Errno.EACCES;
            Stage2.report(Stage2Protocol.EXEC_FAILED, command.getBytes(StandardCharsets.UTF_8), errno);
            ProcessSyscalls.exit(Stage2Protocol.FAILURE_EXIT);
        }
        CHILD.set(pid);
        ProcessSyscalls.close(Stage2Protocol.ERROR_FD); // EOF: the launcher sees a started container
        try {
            cgroup.leaveContainer(); // the command stays in the limits, this JVM need not count against them
        } catch (java.io.IOException refused) {
            // cpuset v1 may refuse the move: then the reaper stays inside, which is only less tidy
        }
        cgroup.close();
        while (true) {
            long r = ProcessSyscalls.waitAny();
            if (r == -1) ProcessSyscalls.exit(0);
            if ((int) (r >>> 32) == pid) ProcessSyscalls.exit(ProcessSyscalls.exitCode((int) r));
        }
    }
}
