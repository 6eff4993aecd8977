package dev.minidocker.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupTreeTest {
    /** Every read fails as cgroupfs fails it: {@code errno}'s text as the FileSystemException's reason. */
    private static CgroupTree failingReads(String errno) {
        return new CgroupTree(new CgroupFs() {
            @Override public String read(Path file) throws IOException { throw new FileSystemException(file.toString(), null, errno); }
            @Override public void write(Path file, String value) { throw new AssertionError(); }
            @Override public void mkdir(Path dir) { throw new AssertionError(); }
            @Override public void rmdir(Path dir) { throw new AssertionError(); }
            @Override public boolean exists(Path path) { return true; }
            @Override public List<Path> subdirs(Path dir) { return List.of(); }
        });
    }

    /**
     * A force removal reads a container's tasks while its supervisor's teardown removes the cgroup:
     * cgroupfs answers ENODEV for a cgroup being removed, which means gone, as ENOENT does (seen
     * once as `docker rm -f` failing with "cgroup.procs: No such device").
     */
    @Test
    void aCgroupBeingRemovedReadsAsGoneButOtherErrorsStillFail() {
        Path procs = Path.of("/sys/fs/cgroup/cpuset/minidocker/c1/cgroup.procs");
        assertEquals(List.of(), failingReads("No such device").pidsRecursive(procs.getParent()));
        assertEquals(java.util.Optional.empty(), failingReads("No such device").readIfExists(procs));
        CgroupException e = assertThrows(CgroupException.class, () -> failingReads("Permission denied").readIfExists(procs));
        assertEquals("read " + procs + ": Permission denied", e.getMessage());
    }
}
