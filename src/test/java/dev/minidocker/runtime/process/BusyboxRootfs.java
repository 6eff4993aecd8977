package dev.minidocker.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throwaway root filesystem made from Debian's busybox-static: /bin/busybox, a symlink per
 * applet, /etc/passwd with root and "user" (uid 1000), /etc/group with "staff" listing user.
 */
final class BusyboxRootfs {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final String[] APPLETS = {"sh", "echo", "cat", "ls", "ps", "id", "pwd", "hostname",
            "touch", "grep", "true", "false", "sleep", "env", "mount", "kill", "test", "readlink"};

    private BusyboxRootfs() {}

    static Path create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("etc"));
        Files.copy(BUSYBOX, dir.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) Files.createSymbolicLink(dir.resolve("bin/" + applet), Path.of("busybox"));
        Files.writeString(dir.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nstaff:x:50:user\nuser:x:1000:\n");
        return dir;
    }

    /**
     * The end of a test that ran containers from a root below {@code work}: none of their mounts may
     * be left on the host (other tools may mount things meanwhile, elsewhere), then {@code work} goes.
     */
    static void deleteWork(Path work) throws IOException {
        if (work == null) return;
        String leftover = Files.readString(Path.of("/proc/self/mountinfo")).lines()
                .filter(l -> l.contains(work.toString())).findFirst().orElse(null);
        if (leftover != null) throw new AssertionError("mount left on the host: " + leftover);
        delete(work);
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
