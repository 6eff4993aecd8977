package dev.minidocker.linux;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * Every call a container's stage 2 makes (runtime/init: Stage2, ExecStage2, InitReaper), after
 * youki's Syscall trait: {@link LinuxSyscalls} is the real one; tests use a recording fake to check
 * the order of operations (cgroup join, unshare, mounts, pivot_root, credentials, execve) without
 * root. Failures throw {@link SyscallException} naming the call. Paths are as the caller sees
 * them at the time: the host's before pivot_root, the container's after.
 */
public interface Syscalls extends MountSyscalls {
    // The process and its namespaces.

    /** prctl(PR_SET_DUMPABLE, 0) for the whole process (see CapabilitySyscalls). */
    void setNotDumpable();

    /** prctl(PR_SET_PDEATHSIG, signal): {@code signal} when the thread that spawned us ends. */
    void setParentDeathSignal(int signal);

    /** Every thread of this process to nice value {@code nice} (see {@link Niceness}). */
    void setNiceOfAllThreads(int nice);

    void unshare(int flags);

    /** setns(fd, nstype) for the calling thread; {@code what} names the namespace for errors. */
    void setns(int fd, int nstype, String what);

    void sethostname(String name);

    /** ioctl(fd, TIOCSCTTY): the pty slave becomes the session's controlling terminal. */
    void setControllingTerminal(int fd);

    /** A pty from this mount namespace's devpts: {master, slave, N} (see TerminalSyscalls.openPtyHere). */
    default int[] openPtyHere() {
        return TerminalSyscalls.openPtyHere();
    }

    /** The window size of terminal {@code from} given to {@code to}; false when {@code from} has none. */
    default boolean copyWindowSize(int from, int to) {
        return TerminalSyscalls.copyWindowSize(from, to);
    }

    /** Sends {@code data} with {@code fds} (SCM_RIGHTS) on a unix socket. */
    default void send(int socket, byte[] data, int[] fds) {
        UnixSockets.send(socket, data, fds);
    }

    /** A new, empty session keyring for the calling thread; its serial, or -1 without keyrings (ENOSYS). */
    int joinNewSessionKeyring();

    // Credentials and capabilities (of the calling thread, or every thread for the glibc set*id wrappers).

    void dropFromBoundingSet(int cap);

    void setgroups(int[] gids);

    void setgid(int gid);

    void setuid(int uid);

    void setPermittedAndEffective(long mask);
    /** prctl(PR_SET_NO_NEW_PRIVS, 1): execve never grants privileges again (setuid bits, file capabilities). */
    void setNoNewPrivileges();
    /** setrlimit(2) of the process (RLIMIT_* numbering); -1 is RLIM_INFINITY. */
    void setrlimit(int resource, long soft, long hard);
    /** Installs a compiled seccomp filter on the calling thread (SeccompInstall). */
    void installSeccomp(dev.minidocker.linux.seccomp.SeccompProgram filter);

    // Running the command.

    /** close_range(first, ~0U, CLOSE_RANGE_CLOEXEC). */
    void closeRangeOnExec(int first);

    /** execve(2): returns only on failure, with the errno. */
    int execve(String path, List<String> argv, List<String> env);

    /** posix_spawn(3) of {@code path} with {@code childFds} as the child's 0, 1, 2, ... (-1: inherit). */
    int spawn(String path, List<String> argv, List<String> env, int[] childFds, boolean newSession);

    /** waitpid(-1): {@code pid << 32 | status} of a child that ended, -1 when there are none. */
    long waitAny();

    /** kill(2); false when the process is gone. */
    boolean kill(int pid, int signal);

    /** Runs {@code handler} with the signal's number when {@code name} ("TERM") arrives; false if the JVM keeps it. */
    boolean onSignal(String name, IntConsumer handler);

    /** _exit(2). */
    void exit(int code);

    // Descriptors.

    /** recvmsg until EOF, with the descriptors sent along. */
    UnixSockets.Received receive(int socket);

    /** read(2) until EOF. */
    byte[] readAll(int fd);

    /** write(2) of all of {@code data}. */
    void writeAll(int fd, byte[] data);

    void dup2(int fd, int target);

    /**
     * An existing file opened for writing now and written later (a cgroup's procs file: opened
     * while the host's /sys/fs/cgroup is visible, written after pivot_root).
     */
    OpenFile openForWriting(String path);

    /** A file {@link #openForWriting} opened. */
    interface OpenFile extends AutoCloseable {
        /** One write(2) of all of {@code data}; fails with the kernel's reason. */
        void write(byte[] data);

        @Override
        void close();
    }

    // Files, read and made through the JDK: the container's /etc files, its working dir.

    /** The file's bytes as ISO-8859-1 text, "" if it does not exist. */
    String readFile(String path);

    boolean exists(String path);

    boolean isDirectory(String path);

    String readLink(String path);

    /** mkdir -p. */
    void mkdirs(String path);

    // An OCI bundle's process (mini-docker-runtime).

    /** Opens an existing FIFO read-write (never blocks), close-on-exec: the start gate. */
    int openStartGate(String fifo);

    /** Blocks until one byte arrives on the gate (mini-docker-runtime start writes it). */
    void awaitStart(int gate);
}
