package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.StoreLeaks;
import dev.minidocker.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default path as the real command takes it (a child JVM through Main.main, without the
 * suite's MINIDOCKER_NO_DAEMON): the first foreground run runs in-process and leaves the daemon
 * starting; the next run goes to it; {@code daemon stop} ends it and leaves nothing.
 */
@RootOnly
class DaemonAutostartRootTest {
    @Test
    void theFirstRunLeavesTheDaemonStartingAndDaemonStopEndsIt(@TempDir Path root) throws Exception {
        StoreLeaks leaks = StoreLeaks.watch(root);
        String image = LocalRegistry.shared().push(TestImages.busybox(), "autostart/busybox", TestImages.TAG);
        assertEquals(0, Main.run("--root", root.toString(), "pull", "-q", image));
        assertFalse(DaemonClient.forRoot(root).ping(), "no daemon before the first run");
        assertEquals("first\n", cli(root, "run", "--rm", "--network", "none", image, "echo", "first"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!DaemonClient.forRoot(root).ping()) {
            assertTrue(System.nanoTime() < deadline, "the first run left no daemon answering in 60 s");
            Thread.sleep(50);
        }
        assertEquals("second\n", cli(root, "run", "--rm", "--network", "none", image, "echo", "second"));
        assertTrue(Files.readString(root.resolve("daemon.log")).contains("listening on"));
        assertEquals("mini-docker daemon stopped for " + root + "\n", cli(root, "daemon", "stop"));
        assertFalse(DaemonClient.forRoot(root).ping());
        leaks.assertNothingLeft();
    }

    private static String cli(Path root, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--root", root.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("MINIDOCKER_NO_DAEMON");
        pb.environment().remove("MINIDOCKER_IN_PROCESS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", args) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", args) + " printed " + out);
        return out;
    }
}
