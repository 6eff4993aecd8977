package dev.minidocker.linux.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The few file operations cgroup management needs. The real one ({@link NioCgroupFs}) works on
 * cgroupfs; tests substitute a fake that imitates the kernel's rules on a temp dir and records
 * every write. Failures are the usual java.nio exceptions (NoSuchFileException,
 * FileAlreadyExistsException, FileSystemException with the errno text as reason).
 */
public interface CgroupFs {
    /** The file's content without the trailing newline. */
    String read(Path file) throws IOException;

    /** Writes {@code value} to an existing file in one write (never creates files). */
    void write(Path file, String value) throws IOException;

    /** Creates one directory (a cgroup); FileAlreadyExistsException if it exists. */
    void mkdir(Path dir) throws IOException;

    /** Removes one cgroup directory; fails with EBUSY while it has tasks or child cgroups. */
    void rmdir(Path dir) throws IOException;

    boolean exists(Path path);

    /** The child cgroups (sub-directories) of {@code dir}; empty if it does not exist. */
    List<Path> subdirs(Path dir) throws IOException;

    static CgroupFs real() {
        return NioCgroupFs.INSTANCE;
    }
}
