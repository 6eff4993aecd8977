package dev.minidocker.runtime.init;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.MountSyscalls;
import dev.minidocker.linux.SyscallException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fake that records every call as a line of text. Descriptors are numbered from 10 and print as
 * "fd(<path>)" so that mounts through /proc/self/fd/N read as the path they resolve to. Container
 * paths listed in {@link #missing} do not exist (ENOENT) until created.
 */
class RecordingMountSyscalls implements MountSyscalls {
    final List<String> calls = new ArrayList<>();
    final Set<String> missing = new HashSet<>();
    /** Mounts whose recorded line starts with this fail with EPERM (recorded first). */
    String failingMount;
    private final Map<Integer, String> fds = new HashMap<>();
    private int nextFd = 10;

    private final Map<Integer, String> everOpened = new HashMap<>();
    private final Set<Integer> beneath = new HashSet<>();

    int open(String what) {
        fds.put(nextFd, what);
        everOpened.put(nextFd, what);
        return nextFd++;
    }

    @Override
    public void mount(String source, String target, String fstype, long flags, String data) {
        String line = "mount " + source + " " + target + " " + fstype + " 0x" + Long.toHexString(flags) + " " + data;
        calls.add(line);
        if (failingMount != null && line.startsWith(failingMount)) {
            throw new dev.minidocker.linux.SyscallException(line, dev.minidocker.linux.Errno.EPERM);
        }
    }

    @Override
    public void umount2(String target, int flags) {
        calls.add("umount2 " + target + " " + flags);
    }

    @Override
    public void pivotRoot(String newRoot, String putOld) {
        calls.add("pivot_root " + newRoot + " " + putOld);
    }

    @Override
    public void chdir(String path) {
        calls.add("chdir " + path);
    }

    @Override
    public int openDirectory(String path) {
        return open(path);
    }

    @Override
    public int openBeneath(int rootFd, String relative) {
        if (missing.contains("/" + relative)) throw new SyscallException("openat2 " + relative, Errno.ENOENT);
        int fd = open("/" + relative);
        beneath.add(fd);
        return fd;
    }

    @Override
    public void mkdirAt(int dirFd, String name, int mode) {
        String path = child(dirFd, name);
        missing.remove(path);
        calls.add("mkdir " + path);
    }

    @Override
    public void createFileAt(int dirFd, String name) {
        String path = child(dirFd, name);
        missing.remove(path);
        calls.add("create " + path);
    }

    @Override
    public void symlinkAt(String target, int dirFd, String name) {
        calls.add("symlink " + child(dirFd, name) + " -> " + target);
    }

    @Override
    public void close(int fd) {
        if (fds.remove(fd) == null) throw new IllegalStateException("close of unknown fd " + fd);
    }

    @Override
    public String fdPath(int fd) {
        return "fd(" + fds.get(fd) + ")";
    }

    /** Descriptors still open: must be none after a plan ran. */
    int openFds() {
        return fds.size();
    }

    /** What a descriptor was opened on, even after it was closed. */
    String pathOfFd(int fd) {
        return everOpened.get(fd);
    }

    private String child(int dirFd, String name) {
        return beneath.contains(dirFd) ? fds.get(dirFd) + "/" + name : "/" + name;
    }
}
