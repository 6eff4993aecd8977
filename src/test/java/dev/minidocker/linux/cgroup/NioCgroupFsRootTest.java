package dev.minidocker.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** subdirs on the real cgroupfs: a leaf answers from its link count, a parent lists only directories. */
@RootOnly
class NioCgroupFsRootTest {
    @Test
    void findsSubcgroupsAndNoControlFiles() throws Exception {
        CgroupMounts mounts = CgroupMounts.parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        Path hierarchy = mounts.v1().containsKey("pids") ? mounts.v1().get("pids") : mounts.unified();
        Path top = hierarchy.resolve("minidocker-nlink-" + ProcessHandle.current().pid());
        NioCgroupFs fs = NioCgroupFs.INSTANCE;
        try {
            fs.mkdir(top);
            assertEquals(List.of(), fs.subdirs(top), "a fresh cgroup has no subcgroups");
            fs.mkdir(top.resolve("a"));
            fs.mkdir(top.resolve("b"));
            fs.mkdir(top.resolve("a").resolve("inner"));
            Set<String> names = fs.subdirs(top).stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(Set.of("a", "b"), names);
            assertEquals(List.of(top.resolve("a").resolve("inner")), fs.subdirs(top.resolve("a")));
            assertEquals(List.of(), fs.subdirs(top.resolve("b")));
            assertTrue(Files.exists(top.resolve("cgroup.procs")), "control files are there, and not listed");
            assertEquals(List.of(), fs.subdirs(top.resolve("gone")));
        } finally {
            for (String d : new String[] {"a/inner", "a", "b", ""}) {
                Path p = d.isEmpty() ? top : top.resolve(d);
                if (Files.exists(p)) fs.rmdir(p);
            }
        }
    }
}
