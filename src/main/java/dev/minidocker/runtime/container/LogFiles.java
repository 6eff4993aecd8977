package dev.minidocker.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A container's json-file log on disk: the live file and, with {@code --log-opt max-size}, the
 * rotated ones beside it ({@code <log>.1} the newest, as Docker names them). Readers that follow
 * the live file notice a rotation by its identity and go on in the new one.
 */
public final class LogFiles {
    private LogFiles() {}

    /** The rotated files that exist now, oldest first. */
    public static List<Path> rotated(Path live) {
        List<Path> out = new ArrayList<>();
        for (int n = 1; ; n++) {
            Path p = live.resolveSibling(live.getFileName() + "." + n);
            if (!Files.exists(p)) break;
            out.add(p);
        }
        Collections.reverse(out);
        return out;
    }

    /** The file's identity (device and inode), or null when it does not exist (between a rotation's rename and create). */
    static Object key(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException gone) {
            return null;
        }
    }
}
