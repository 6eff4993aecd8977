package dev.minidocker.runtime.init;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.linux.Syscalls;
import dev.minidocker.runtime.spec.ContainerStartException;
import dev.minidocker.runtime.spec.Hardening;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Stage 2's last steps, the same for run, exec and --init: it hands this process (its thread, for
 * what is per thread) over to the container's command, drops to the command's credentials, and
 * execve's it, reporting to the launcher as {@link Stage2Protocol} says.
 */
final class Handover {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String CAP_LAST_CAP = "/proc/sys/kernel/cap_last_cap";
    private final Syscalls sys;
    /** Past the start gate: the launcher no longer listens on the error pipe. */
    private boolean launcherGone;

    Handover(Syscalls sys) {
        this.sys = sys;
    }

    /** The highest capability this kernel knows (read before pivot_root: the container's /proc is not the host's). */
    int lastCapability() {
        return Integer.parseInt(sys.readFile(CAP_LAST_CAP).trim());
    }

    private static final int SIGKILL = 9;

    /**
     * On this thread, which execve's (or, with --init, spawns) the command, in this order: a session
     * keyring of its own, the bounding set, supplementary groups, gid, uid (for uid != 0 the kernel
     * clears permitted and effective), the capabilities root keeps, the working dir, and every
     * inherited descriptor above stderr close-on-exec.
     *
     * <p>{@code hardening}: the resource limits first (raising a hard limit needs
     * CAP_SYS_RESOURCE). The seccomp filter after keyctl (which the default profile refuses);
     * without no_new_privs, installing it needs CAP_SYS_ADMIN, so it goes before the capability
     * drop (runc's order); with no_new_privs, that is set after the drop and the filter last.
     */
    void dropTo(Credentials who, List<String> capabilities, int lastCap, String cwd, Hardening hardening) {
        joinNewSessionKeyring();
        for (Hardening.Rlimit r : hardening.rlimits()) sys.setrlimit(r.resource(), r.soft(), r.hard());
        boolean filterNow = hardening.seccomp() != null && !hardening.noNewPrivileges();
        if (filterNow) sys.installSeccomp(hardening.seccomp());
        long keep = CapabilitySet.mask(capabilities);
        for (int cap = 0; cap <= lastCap; cap++) {
            if ((keep & (1L << cap)) == 0) sys.dropFromBoundingSet(cap);
        }
        sys.setgroups(who.supplementaryGids());
        sys.setgid(who.gid());
        sys.setuid(who.uid());
        if (who.uid() == 0) sys.setPermittedAndEffective(keep);
        // A change of credentials clears the parent-death signal: set it again for the command.
        if (Stage2Protocol.diesWithParent()) sys.setParentDeathSignal(SIGKILL);
        sys.chdir(cwd);
        sys.closeRangeOnExec(3);
        if (hardening.noNewPrivileges()) sys.setNoNewPrivileges();
        if (hardening.seccomp() != null && !filterNow) sys.installSeccomp(hardening.seccomp());
    }

    /**
     * A new, empty session keyring, as runc gives each container: without it the command would
     * share the keys of whoever started mini-docker (keyrings live in the thread's credentials).
     */
    private void joinNewSessionKeyring() {
        try {
            sys.joinNewSessionKeyring();
        } catch (SyscallException e) {
            throw new ContainerStartException("cannot give the container a session keyring of its own: " + e.getMessage(), e);
        }
    }

    /** Reports WAITING, then blocks until `start` (mini-docker-runtime) opens the gate; see Stage2Protocol. */
    void waitForStart(int gate) {
        report(Stage2Protocol.WAITING, new byte[0], 0);
        sys.awaitStart(gate);
        launcherGone = true;
    }

    /** execvp's search, with the container's PATH; returns only by reporting the failure and exiting. */
    void exec(List<String> argv, List<String> env) {
        if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("no command specified");
        String command = argv.get(0);
        if (!launcherGone) report(Stage2Protocol.READY, new byte[0], 0);
        int errno;
        if (command.contains("/")) {
            errno = sys.execve(command, argv, env);
        } else {
            String path = find(env, "PATH=");
            errno = Errno.ENOENT;
            boolean denied = false;
            for (String dir : (path == null ? DEFAULT_PATH : path).split(":")) {
                int e = sys.execve((dir.isEmpty() ? "." : dir) + "/" + command, argv, env);
                if (e == Errno.EACCES) denied = true;
                else if (e != Errno.ENOENT && e != Errno.ENOTDIR) {
                    errno = e;
                    break;
                }
            }
            if (errno == Errno.ENOENT && denied) errno = Errno.EACCES;
        }
        execFailed(command, errno);
    }

    /** The command could not be started: EXEC_FAILED with its errno, then exit. */
    void execFailed(String command, int errno) {
        if (launcherGone) {
            String why = errno == Errno.ENOENT && !command.contains("/") ? "executable file not found in $PATH"
                    : Errno.describe(errno);
            sys.writeAll(2, ("exec: \"" + command + "\": " + why + "\n").getBytes(StandardCharsets.UTF_8));
            sys.exit(errno == Errno.ENOENT ? 127 : 126);
        }
        report(Stage2Protocol.EXEC_FAILED, command.getBytes(StandardCharsets.UTF_8), errno);
        sys.exit(Stage2Protocol.FAILURE_EXIT);
    }

    /** The set-up failed: SETUP_FAILED with one line, then exit. */
    void fail(Throwable t) {
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        if (launcherGone) {
            sys.writeAll(2, ("container init: " + message.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
            sys.exit(Stage2Protocol.FAILURE_EXIT);
        }
        report(Stage2Protocol.SETUP_FAILED, message.replace('\n', ' ').getBytes(StandardCharsets.UTF_8), 0);
        sys.exit(Stage2Protocol.FAILURE_EXIT);
    }

    /**
     * Writes a report to the launcher. If the launcher is gone (EPIPE: the CLI was killed) nobody
     * waits for this container: exit quietly, never with a stack trace on the caller's terminal.
     */
    void report(byte kind, byte[] text, int errno) {
        try {
            sys.writeAll(Stage2Protocol.ERROR_FD, Stage2Protocol.report(kind, text, errno));
        } catch (RuntimeException launcherGone) {
            sys.exit(Stage2Protocol.FAILURE_EXIT);
        }
    }

    static String find(List<String> env, String prefix) {
        for (String e : env) if (e.startsWith(prefix)) return e.substring(prefix.length());
        return null;
    }
}
