package dev.minidocker.linux.cgroup;

import dev.minidocker.linux.Signals;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CgroupFs with one-line CgroupExceptions, plus the chores both versions share: reading numbers,
 * collecting pids of a subtree, killing them, and removing a subtree once its tasks are gone.
 */
final class CgroupTree {
    /** How long teardown waits for killed tasks to leave before giving up with an error. */
    static final long TEARDOWN_MILLIS = 10_000;
    private final CgroupFs fs;

    CgroupTree(CgroupFs fs) {
        this.fs = fs;
    }

    CgroupFs fs() {
        return fs;
    }

    boolean exists(Path p) {
        return fs.exists(p);
    }

    String read(Path file) {
        try {
            return fs.read(file).trim();
        } catch (IOException e) {
            throw new CgroupException("read " + file + ": " + reason(e), e);
        }
    }

    Optional<String> readIfExists(Path file) {
        if (!fs.exists(file)) return Optional.empty();
        try {
            return Optional.of(fs.read(file).trim());
        } catch (IOException e) {
            // Removed meanwhile: gone (ENOENT), or its cgroup is being removed (ENODEV), as when a
            // force removal reads a container's tasks while its supervisor's teardown removes it.
            if (vanished(e)) return Optional.empty();
            throw new CgroupException("read " + file + ": " + reason(e), e);
        }
    }

    /** A number, or {@code ifMissing} when the file is absent or says "max". */
    long readLong(Path file, long ifMissing) {
        String s = readIfExists(file).orElse("max");
        return s.equals("max") ? ifMissing : Long.parseLong(s);
    }

    /** The value of {@code key} in a flat-keyed file such as memory.events or cpu.stat. */
    long readKey(Path file, String key, long ifMissing) {
        for (String line : readIfExists(file).orElse("").split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) return Long.parseLong(kv[1]);
        }
        return ifMissing;
    }

    void write(Path file, String value) {
        try {
            fs.write(file, value);
        } catch (IOException e) {
            throw new CgroupException("set " + file.getFileName() + " to " + value + " in "
                    + file.getParent() + ": " + reason(e), e);
        }
    }

    /** Creates {@code dir}; returns false if it already existed. */
    boolean mkdir(Path dir) throws NoSuchFileException {
        try {
            fs.mkdir(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (NoSuchFileException e) {
            throw e; // the parent vanished (a concurrent teardown): the caller retries
        } catch (IOException e) {
            throw new CgroupException("create cgroup " + dir + ": " + reason(e), e);
        }
    }

    /** Pids in {@code dir} and every cgroup below it. */
    List<Integer> pidsRecursive(Path dir) {
        List<Integer> pids = new ArrayList<>();
        collectPids(dir, pids);
        return pids;
    }

    private void collectPids(Path dir, List<Integer> pids) {
        for (String line : readIfExists(dir.resolve("cgroup.procs")).orElse("").split("\n")) {
            if (!line.isBlank()) pids.add(Integer.parseInt(line.trim()));
        }
        for (Path sub : subdirs(dir)) collectPids(sub, pids);
    }

    List<Path> subdirs(Path dir) {
        try {
            return fs.subdirs(dir);
        } catch (IOException e) {
            throw new CgroupException("list cgroup " + dir + ": " + reason(e), e);
        }
    }

    /** SIGKILLs every task listed; never ourselves, should the JVM have been put there by mistake. */
    static void killEach(List<Integer> pids) {
        long self = ProcessHandle.current().pid();
        for (int pid : pids) {
            if (pid != self && pid > 0) Signals.kill(pid, Signals.SIGKILL);
        }
    }

    /**
     * Removes {@code dir} and its child cgroups, deepest first, retrying while the kernel still
     * reports them busy (killed tasks take a moment to leave). Missing dirs are fine.
     */
    void removeRecursive(Path dir, long deadlineNanos) {
        if (!fs.exists(dir)) return;
        for (Path sub : subdirs(dir)) removeRecursive(sub, deadlineNanos);
        while (true) {
            try {
                fs.rmdir(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw new CgroupException("remove cgroup " + dir + ": " + reason(e)
                            + " (tasks still in it: " + pidsRecursive(dir) + ")", e);
                }
                pause();
            }
        }
    }

    /** Best-effort rmdir of the shared minidocker/ parent: fine to fail while others use it. */
    void removeIfUnused(Path dir) {
        try {
            fs.rmdir(dir);
        } catch (IOException e) {
            // busy (other containers) or already gone: both expected
        }
    }

    /**
     * Whether {@code e} says a cgroup vanished under us: ENOENT, or ENODEV from a cgroup being
     * removed. That is a concurrent teardown removing the shared minidocker/ parent.
     */
    static boolean vanished(Exception e) {
        Throwable t = e instanceof CgroupException ? e.getCause() : e;
        // read(2)/write(2) failures arrive as plain IOExceptions whose message is strerror.
        if (t instanceof NoSuchFileException) return true;
        return t instanceof IOException io
                && (reason(io).startsWith("No such device") || reason(io).startsWith("No such file or directory"));
    }

    static CgroupException asCgroupException(Exception e, String what) {
        if (e instanceof CgroupException c) return c;
        return new CgroupException(what + ": " + (e instanceof IOException io ? reason(io) : e.toString()), e);
    }

    static long deadline(long millis) {
        return System.nanoTime() + millis * 1_000_000;
    }

    static boolean before(long deadlineNanos) {
        return System.nanoTime() - deadlineNanos < 0;
    }

    static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted while waiting for a cgroup", e);
        }
    }

    /** The errno text java.nio carries, e.g. "Device or resource busy". */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof FileAlreadyExistsException) return "File exists";
        if (e instanceof DirectoryNotEmptyException) return "Directory not empty";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
