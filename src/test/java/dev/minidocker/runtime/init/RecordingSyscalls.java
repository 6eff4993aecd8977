package dev.minidocker.runtime.init;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.SyscallException;
import dev.minidocker.linux.Syscalls;
import dev.minidocker.linux.UnixSockets;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Every call stage 2 makes, recorded as a line of text in {@link #calls} (youki's
 * TestHelperSyscall): the order of operations is then plain to assert, without root. Where the
 * real process would be gone (_exit, an execve that worked) it throws {@link ProcessEnded} and
 * records nothing more. Files, executables and what stage 2 receives are set up by the test.
 */
final class RecordingSyscalls extends RecordingMountSyscalls implements Syscalls {
    /** The process image ended here: _exit, or execve of a command in {@link #executables}. */
    static final class ProcessEnded extends Error {
        ProcessEnded(String how) {
            super(how, null, false, false);
        }
    }

    /** Files by path, as stage 2 reads them (one namespace: the test decides what is where). */
    final Map<String, String> files = new HashMap<>(Map.of("/proc/sys/kernel/cap_last_cap", "40\n"));
    final Set<String> directories = new HashSet<>();
    /** Paths execve and posix_spawn succeed for; others fail with {@link #errnos} or ENOENT. */
    final Set<String> executables = new HashSet<>();
    final Map<String, Integer> errnos = new HashMap<>();
    /** The sync socket's content: the release (run) or the message (exec). */
    UnixSockets.Received release = new UnixSockets.Received(new byte[0], new int[0]);
    byte[] execMessage = new byte[0];
    /** What waitpid(-1) returns in turn; -1 (no children) once empty. */
    final Deque<Long> waits = new ArrayDeque<>();
    /** A signal delivered while stage 2 waits for its children (--init), by name. */
    String signalWhileWaiting;
    /** A signal name whose handler runs inside posix_spawn: the command started, its pid not yet returned. */
    String signalDuringSpawn;
    /** The launcher died: writes to the error pipe fail with EPIPE. */
    boolean launcherGone;
    final Map<String, IntConsumer> handlers = new HashMap<>();
    /** Calls whose line starts with this fail with EPERM. */
    String failing;
    Integer exitCode;
    private boolean ended;

    private void record(String line) {
        if (ended) return;
        calls.add(line);
        if (failing != null && line.startsWith(failing)) throw new SyscallException(line, Errno.EPERM);
    }

    private ProcessEnded end(String how) {
        if (!ended) calls.add(how);
        ended = true;
        return new ProcessEnded(how);
    }

    @Override public void setNotDumpable() { record("prctl PR_SET_DUMPABLE 0"); }

    @Override public void setParentDeathSignal(int signal) { record("prctl PR_SET_PDEATHSIG " + signal); }

    @Override public void setNiceOfAllThreads(int nice) { record("setpriority every thread " + nice); }

    @Override public void unshare(int flags) { record("unshare " + namespace(flags)); }

    @Override public void setns(int fd, int nstype, String what) { record("setns " + fd + " " + namespace(nstype)); }

    @Override public void sethostname(String name) { record("sethostname " + name); }

    @Override public void setControllingTerminal(int fd) { record("ioctl TIOCSCTTY " + fd); }

    @Override public int joinNewSessionKeyring() { record("keyctl JOIN_SESSION_KEYRING"); return 1; }

    @Override public void dropFromBoundingSet(int cap) { record("prctl PR_CAPBSET_DROP " + cap); }

    @Override public void setgroups(int[] gids) { record("setgroups " + Arrays.toString(gids)); }

    @Override public void setgid(int gid) { record("setgid " + gid); }

    @Override public void setuid(int uid) { record("setuid " + uid); }

    @Override public void setPermittedAndEffective(long mask) { record("capset 0x" + Long.toHexString(mask)); }

    @Override public void setNoNewPrivileges() { record("prctl PR_SET_NO_NEW_PRIVS 1"); }

    @Override public void setrlimit(int resource, long soft, long hard) { record("setrlimit " + resource + " " + soft + ":" + hard); }

    @Override
    public void installSeccomp(dev.minidocker.linux.seccomp.SeccompProgram filter) {
        record("seccomp " + filter.instructions() + " instructions");
    }

    @Override public void closeRangeOnExec(int first) { record("close_range " + first + " CLOEXEC"); }

    @Override
    public int execve(String path, List<String> argv, List<String> env) {
        record("execve " + path + " " + argv);
        if (executables.contains(path)) throw end("(replaced by " + path + ")");
        return errnos.getOrDefault(path, Errno.ENOENT);
    }

    @Override
    public int spawn(String path, List<String> argv, List<String> env, int[] childFds, boolean newSession) {
        record("posix_spawn " + path + " " + argv);
        if (executables.contains(path)) {
            if (signalDuringSpawn != null) { // the command printed and the daemon signalled PID 1 before spawn returned
                handlers.get(signalDuringSpawn).accept(15);
                signalDuringSpawn = null;
            }
            return 100;
        }
        throw new SyscallException("posix_spawn `" + path + "`", errnos.getOrDefault(path, Errno.ENOENT));
    }

    @Override
    public long waitAny() {
        record("waitpid -1");
        Long next = waits.poll();
        if (next == null || next == -1) return -1;
        if (signalWhileWaiting != null) { // arrives while the command runs
            handlers.get(signalWhileWaiting).accept(15);
            signalWhileWaiting = null;
        }
        return next;
    }

    @Override public boolean kill(int pid, int signal) { record("kill " + pid + " " + signal); return true; }

    @Override
    public boolean onSignal(String name, IntConsumer handler) {
        record("sigaction " + name);
        handlers.put(name, handler);
        return true;
    }

    @Override
    public void exit(int code) {
        if (exitCode == null) exitCode = code;
        throw end("exit " + code);
    }

    @Override public UnixSockets.Received receive(int socket) { record("recvmsg " + socket); return release; }

    @Override public byte[] readAll(int fd) { record("read " + fd); return execMessage; }

    @Override
    public void writeAll(int fd, byte[] data) {
        if (fd == Stage2Protocol.ERROR_FD && launcherGone) {
            record("report (EPIPE)");
            throw new SyscallException("write fd " + fd, 32); // EPIPE: the launcher died
        }
        if (fd == Stage2Protocol.ERROR_FD) {
            record("report " + report(data));
        } else {
            record("write fd " + fd + " " + new String(data, StandardCharsets.UTF_8));
        }
    }

    @Override public void dup2(int fd, int target) { record("dup2 " + fd + " " + target); }

    @Override
    public OpenFile openForWriting(String path) {
        record("open " + path);
        return new OpenFile() {
            @Override
            public void write(byte[] data) {
                record("write " + path + " " + new String(data, StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
            }
        };
    }

    /** Descriptors below 10 are stage 2's own (sync, error, namespaces): their close is recorded. */
    @Override
    public void close(int fd) {
        if (fd < 10) record("close " + fd);
        else super.close(fd);
    }

    @Override
    public String readFile(String path) {
        record("read " + path);
        return files.getOrDefault(path, "");
    }

    @Override public boolean exists(String path) { return files.containsKey(path) || directories.contains(path); }

    @Override public boolean isDirectory(String path) { return directories.contains(path); }

    @Override public String readLink(String path) { return "/dev/pts/7"; }

    @Override public void mkdirs(String path) { record("mkdirs " + path); }

    /** A report as the launcher reads it: READY, EXEC_FAILED errno command, SETUP_FAILED message. */
    static String report(byte[] data) {
        return switch (data[0]) {
            case Stage2Protocol.READY -> "READY";
            case Stage2Protocol.WAITING -> "WAITING";
            case Stage2Protocol.EXEC_FAILED -> "EXEC_FAILED " + errnoName(((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16)
                    | ((data[3] & 0xff) << 8) | (data[4] & 0xff)) + " " + new String(data, 5, data.length - 5, StandardCharsets.UTF_8);
            case Stage2Protocol.SETUP_FAILED -> "SETUP_FAILED " + new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
            default -> "? " + Arrays.toString(data);
        };
    }

    private static String errnoName(int errno) {
        return errno == Errno.ENOENT ? "ENOENT" : errno == Errno.EACCES ? "EACCES" : Integer.toString(errno);
    }

    private static String namespace(int flags) {
        return switch (flags) {
            case NamespaceSyscalls.CLONE_NEWCGROUP -> "CLONE_NEWCGROUP";
            case NamespaceSyscalls.CLONE_NEWNS -> "CLONE_NEWNS";
            case NamespaceSyscalls.CLONE_FS -> "CLONE_FS";
            default -> "0x" + Integer.toHexString(flags);
        };
    }

    @Override public int openStartGate(String fifo) { record("open " + fifo + " O_RDWR"); return 9; }

    @Override public void awaitStart(int gate) { record("read " + gate + " (start gate)"); }
}
