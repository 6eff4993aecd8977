package dev.minidocker.runtime.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.linux.LinuxMountSyscalls;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SyscallException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The by-hand RESOLVE_IN_ROOT: every symlink and ".." lands inside the root, as openat2's does. */
class InRootResolverTest {
    @TempDir Path tmp;

    private String resolved(Path root, String path) throws Exception {
        int rootFd = new LinuxMountSyscalls().openDirectory(root.toString());
        try {
            int fd = InRootResolver.resolve(rootFd, path);
            try {
                return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            } finally {
                ProcessSyscalls.close(fd);
            }
        } finally {
            ProcessSyscalls.close(rootFd);
        }
    }

    @Test
    void symlinksAndDotDotStayInTheRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "inside\n");
        Files.createDirectories(root.resolve("data/deep"));
        Files.createSymbolicLink(root.resolve("data/abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("data/up"), Path.of("../../../../../.."));
        Files.createSymbolicLink(root.resolve("data/deep/chain"), Path.of("../up/data/abs"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        String passwd = root.resolve("etc/passwd").toString();
        assertEquals(passwd, resolved(root, "data/abs/passwd"));
        assertEquals(passwd, resolved(root, "/data/up/etc/passwd"));
        assertEquals(passwd, resolved(root, "../../data/deep/chain/passwd"));
        assertEquals(root.toString(), resolved(root, "data/up"));
        assertEquals(root.toString(), resolved(root, "data/abs/.."), ".. after a symlink is the parent of where it led");
        assertThrows(SyscallException.class, () -> resolved(root, "data/nothing/x"));
        assertEquals(40, assertThrows(SyscallException.class, () -> resolved(root, "loop")).errno());
    }
}
