package dev.minidocker.runtime.seccomp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Which libseccomp the dynamic loader would pick, told apart without loading it: the real path,
 * size and modification time of libseccomp.so.2 in the usual library directories. Part of a cached
 * filter's key, so that an upgrade (new syscall names known) compiles again, while a cache hit
 * costs a few stats instead of a dlopen.
 */
final class LibseccompFile {
    private static final List<String> DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib");

    private LibseccompFile() {}

    /** "/usr/lib/x86_64-linux-gnu/libseccomp.so.2.5.4 145296 1700000000000", or "not found". */
    static String identity() {
        for (String dir : DIRS) {
            Path lib = Path.of(dir, "libseccomp.so.2");
            try {
                Path real = lib.toRealPath();
                BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return real + " " + a.size() + " " + a.lastModifiedTime().toMillis();
            } catch (IOException notThere) {
                // the next directory
            }
        }
        return "not found";
    }
}
