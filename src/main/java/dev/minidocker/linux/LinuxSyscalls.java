package dev.minidocker.linux;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@link Syscalls} through FFM: each method is the one downcall of the class that owns it
 * (CapabilitySyscalls, NamespaceSyscalls, ProcessSyscalls, ...), the mount calls those of
 * {@link LinuxMountSyscalls}. Stateless; stage 2 makes one and loads it before pivot_root.
 */
public final class LinuxSyscalls extends LinuxMountSyscalls implements Syscalls {

    @Override
    public void setNotDumpable() {
        CapabilitySyscalls.setNotDumpable();
    }

    @Override
    public void setParentDeathSignal(int signal) {
        CapabilitySyscalls.setParentDeathSignal(signal);
    }

    @Override
    public void setNiceOfAllThreads(int nice) {
        Niceness.setAllThreads(nice);
    }

    @Override
    public void unshare(int flags) {
        NamespaceSyscalls.unshare(flags);
    }

    @Override
    public void setns(int fd, int nstype, String what) {
        NamespaceSyscalls.setns(fd, nstype, what);
    }

    @Override
    public void sethostname(String name) {
        NamespaceSyscalls.sethostname(name);
    }

    @Override
    public void setControllingTerminal(int fd) {
        TerminalSyscalls.setControllingTerminal(fd);
    }

    @Override
    public int joinNewSessionKeyring() {
        return SessionKeyring.joinNew();
    }

    @Override
    public void setNoNewPrivileges() {
        CapabilitySyscalls.setNoNewPrivileges();
    }

    @Override
    public void setrlimit(int resource, long soft, long hard) {
        CapabilitySyscalls.setrlimit(resource, soft, hard);
    }

    @Override
    public void installSeccomp(dev.minidocker.linux.seccomp.SeccompProgram filter) {
        dev.minidocker.linux.seccomp.SeccompInstall.onThisThread(filter);
    }

    @Override
    public void dropFromBoundingSet(int cap) {
        CapabilitySyscalls.dropFromBoundingSet(cap);
    }

    @Override
    public void setgroups(int[] gids) {
        CapabilitySyscalls.setgroups(gids);
    }

    @Override
    public void setgid(int gid) {
        CapabilitySyscalls.setgid(gid);
    }

    @Override
    public void setuid(int uid) {
        CapabilitySyscalls.setuid(uid);
    }

    @Override
    public void setPermittedAndEffective(long mask) {
        CapabilitySyscalls.setPermittedAndEffective(mask);
    }

    @Override
    public void closeRangeOnExec(int first) {
        ProcessSyscalls.closeRangeOnExec(first);
    }

    @Override
    public int execve(String path, List<String> argv, List<String> env) {
        return ProcessSyscalls.execve(path, argv, env);
    }

    @Override
    public int spawn(String path, List<String> argv, List<String> env, int[] childFds, boolean newSession) {
        return PosixSpawn.spawn(path, argv, env, childFds, newSession);
    }

    @Override
    public long waitAny() {
        return ProcessSyscalls.waitAny();
    }

    @Override
    public boolean kill(int pid, int signal) {
        return ProcessSyscalls.kill(pid, signal);
    }

    @Override
    public boolean onSignal(String name, IntConsumer handler) {
        try {
            Signal.handle(new Signal(name), new Handler(handler));
            return true;
        } catch (IllegalArgumentException reservedByTheJvm) {
            return false;
        }
    }

    /** A handler object, not a lambda: no bootstrap after the release. */
    private record Handler(IntConsumer handler) implements SignalHandler {
        @Override
        public void handle(Signal signal) {
            handler.accept(signal.getNumber());
        }
    }

    @Override
    public void exit(int code) {
        ProcessSyscalls.exit(code);
    }

    @Override
    public UnixSockets.Received receive(int socket) {
        return UnixSockets.receiveAll(socket);
    }

    @Override
    public byte[] readAll(int fd) {
        return ProcessSyscalls.readAll(fd);
    }

    @Override
    public void writeAll(int fd, byte[] data) {
        ProcessSyscalls.writeFully(fd, data, 0, data.length);
    }

    @Override
    public void dup2(int fd, int target) {
        ProcessSyscalls.dup2(fd, target);
    }

    /**
     * Through java.io, not FFM: stage 2 runs interpreted (-Xint), where a JNI write costs a fraction
     * of a downcall's method-handle chain, and a run makes three rounds of cgroup moves on its
     * critical path (one file per hierarchy on cgroup v1).
     */
    @Override
    public OpenFile openForWriting(String path) {
        try {
            return new JavaFile(path, new FileOutputStream(path));
        } catch (IOException e) {
            throw new UncheckedIOException("open " + e.getMessage(), e);
        }
    }

    private record JavaFile(String path, FileOutputStream out) implements OpenFile {
        @Override
        public void write(byte[] data) {
            try {
                out.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing was buffered; the descriptor is gone either way
            }
        }
    }

    /** Read to EOF (/proc files report a size of 0 whatever they hold); java.io for the same reason as above. */
    @Override
    public String readFile(String path) {
        try (FileInputStream in = new FileInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (FileNotFoundException e) {
            if (!new File(path).exists()) return "";
            throw new UncheckedIOException("read " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String path) {
        return new File(path).exists();
    }

    @Override
    public boolean isDirectory(String path) {
        return new File(path).isDirectory();
    }

    @Override
    public String readLink(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("readlink " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void mkdirs(String path) {
        try {
            Files.createDirectories(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("mkdir " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int openStartGate(String fifo) {
        return ProcessSyscalls.open(fifo, 2 | 02000000); // O_RDWR | O_CLOEXEC: a FIFO opened so never blocks
    }

    @Override
    public void awaitStart(int gate) {
        byte[] one = new byte[1];
        if (ProcessSyscalls.read(gate, one, 0, 1) != 1) throw new SyscallException("read start gate fd " + gate, Errno.EIO);
        ProcessSyscalls.close(gate);
    }
}
