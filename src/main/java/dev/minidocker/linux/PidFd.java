package dev.minidocker.linux;

import java.util.OptionalInt;

/**
 * Process file descriptors (Linux 5.3+): a handle on one process that a reused pid can never
 * alias. It polls readable once the process has exited, and signals sent through it reach only
 * that process. pidfd_open and pidfd_send_signal are numbered alike on every architecture (>= 424).
 */
public final class PidFd {
    private static final long SYS_PIDFD_SEND_SIGNAL = 424, SYS_PIDFD_OPEN = 434, SYS_PIDFD_GETFD = 438;

    private PidFd() {}

    /**
     * A pidfd for {@code pid} if it still is the process that started at {@code startTime}
     * (0: do not compare); empty if it is gone. The start time is checked after opening, so the
     * fd cannot refer to a newer process that reused the pid.
     */
    public static OptionalInt open(long pid, long startTime) {
        int fd;
        try {
            fd = (int) RawSyscall.call("pidfd_open " + pid, SYS_PIDFD_OPEN, pid, 0);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) return OptionalInt.empty();
            throw e;
        }
        if (!ProcessIdentity.isAlive(pid, startTime)) {
            ProcessSyscalls.close(fd);
            return OptionalInt.empty();
        }
        return OptionalInt.of(fd);
    }

    /**
     * pidfd_getfd (Linux 5.6+): a close-on-exec copy, in this process, of descriptor {@code fd} of
     * the process {@code pidfd} refers to (the same open file description, like a dup).
     */
    public static int getFd(int pidfd, int fd) {
        try {
            return (int) RawSyscall.call("pidfd_getfd " + fd, SYS_PIDFD_GETFD, pidfd, fd, 0);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOSYS) {
                throw new SyscallException("pidfd_getfd " + fd + " (needs Linux 5.6 or newer)", e.errno());
            }
            throw e;
        }
    }

    /** Sends {@code signal}; false if the process has exited already. */
    public static boolean signal(int pidfd, int signal) {
        try {
            RawSyscall.call("pidfd_send_signal " + signal, SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0);
            return true;
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) return false;
            throw e;
        }
    }

    /** Waits up to {@code timeoutMillis} (-1: forever) for the process to exit; true if it has. */
    public static boolean awaitExit(int pidfd, int timeoutMillis) {
        return (Poll.poll(new int[] {pidfd}, timeoutMillis)[0] & Poll.POLLIN) != 0;
    }
}
