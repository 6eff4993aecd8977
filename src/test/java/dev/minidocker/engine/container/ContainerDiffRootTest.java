package dev.minidocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ContainerDiff} on layer and upper directories as overlayfs leaves them, whiteouts (char
 * devices 0:0, which only root can make) included.
 */
@RootOnly
class ContainerDiffRootTest {
    @TempDir
    Path dir;

    @Test
    void addedChangedAndDeletedAgainstTheMergedImageWithoutTheRuntimesMountPoints() throws Exception {
        Path bottom = dir.resolve("layer1"), top = dir.resolve("layer2"), upper = dir.resolve("upper");
        file(bottom.resolve("bin/true"));
        file(bottom.resolve("bin/sh"));
        file(bottom.resolve("etc/passwd"));
        Files.createDirectories(bottom.resolve("tmp"));
        Files.createDirectories(bottom.resolve("usr/lib"));
        Files.createSymbolicLink(bottom.resolve("lib"), Path.of("usr/lib"));
        whiteout(top.resolve("bin/sh"));                 // the image itself deleted /bin/sh
        file(top.resolve("etc/group"));

        whiteout(upper.resolve("bin/true"));             // rm /bin/true
        file(upper.resolve("bin/sh"));                   // made again: not in the merged image
        file(upper.resolve("etc/passwd"));               // changed
        file(upper.resolve("etc/hosts"));                // the runtime's mount point
        file(upper.resolve("etc/resolv.conf"));
        Files.createDirectories(upper.resolve("tmp"));   // copied up for its metadata alone
        file(upper.resolve("new/sub/f"));
        file(upper.resolve("dev/null"));                 // under the runtime's /dev
        file(upper.resolve("lib/x"));                    // a real directory where the image has a symlink

        assertEquals(List.of(
                        new ContainerChange('C', "/bin"),
                        new ContainerChange('A', "/bin/sh"),
                        new ContainerChange('D', "/bin/true"),
                        new ContainerChange('C', "/etc"),
                        new ContainerChange('C', "/etc/passwd"),
                        new ContainerChange('C', "/lib"),
                        new ContainerChange('A', "/lib/x"),
                        new ContainerChange('A', "/new"),
                        new ContainerChange('A', "/new/sub"),
                        new ContainerChange('A', "/new/sub/f"),
                        new ContainerChange('C', "/tmp")),
                ContainerDiff.of(upper, List.of(top, bottom)));

        Files.delete(upper.resolve("etc/passwd"));
        assertEquals(List.of(), ContainerDiff.of(upper, List.of(top, bottom)).stream()
                .filter(c -> c.path().startsWith("/etc")).toList(), "an /etc holding only mount points is no change");
    }

    private static void file(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, p.getFileName().toString());
    }

    private static void whiteout(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Process mknod = new ProcessBuilder("mknod", p.toString(), "c", "0", "0").inheritIO().start();
        assertEquals(0, mknod.waitFor());
    }
}
