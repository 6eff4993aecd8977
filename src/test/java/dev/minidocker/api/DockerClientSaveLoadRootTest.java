package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker save} ({@code GET /images/get}) from one daemon and {@code docker load}
 * ({@code POST /images/load}) into another: the same image id, and it runs; a missing image is
 * Docker's 404 before any byte of the tar.
 */
@RootOnly
class DockerClientSaveLoadRootTest {
    @TempDir
    Path dir;
    private Daemon first, second;

    @AfterEach
    void stop() {
        if (first != null) first.close();
        if (second != null) second.close();
    }

    @Test
    void saveFromOneDaemonLoadIntoAnother() throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), "engine/busybox", TestImages.TAG);
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
        first = Daemon.start(new DaemonOptions(a, DaemonAddress.unix(a.resolve("md.sock")), null, "root"));
        second = Daemon.start(new DaemonOptions(b, DaemonAddress.unix(b.resolve("md.sock")), null, "root"));
        Path config = Files.createDirectories(dir.resolve("config"));
        DockerCli from = new DockerCli(a.resolve("md.sock"), config), to = new DockerCli(b.resolve("md.sock"), config);
        from.run("pull", "-q", image).ok();
        String id = from.run("images", "-q", "--no-trunc", image).ok().stdout().strip();

        Path tar = dir.resolve("busybox.tar");
        from.run("save", "-o", tar.toString(), image).ok();
        assertTrue(Files.size(tar) > 100_000, "a tar with the layer: " + Files.size(tar));
        String loaded = to.run("load", "-i", tar.toString()).ok().stdout();
        assertTrue(loaded.contains("Loaded image"), loaded);
        assertEquals(id + "\n", to.run("images", "-q", "--no-trunc", image).ok().stdout());
        assertEquals("hi\n", to.run("run", "--rm", image, "echo", "hi").ok().stdout());

        DockerCli.Result missing = from.run("save", "-o", dir.resolve("none.tar").toString(), "no-such:1");
        assertTrue(missing.exitCode() != 0 && missing.stderr().contains("No such image"), missing.stderr());
    }
}
