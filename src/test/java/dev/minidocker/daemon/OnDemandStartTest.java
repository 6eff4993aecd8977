package dev.minidocker.daemon;

import dev.minidocker.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DaemonClient#ensureRunning}: nobody answers, so a daemon is spawned in its own session;
 * a second call finds it; SIGTERM stops it cleanly (socket and daemon.json gone).
 */
class OnDemandStartTest {
    @TempDir
    Path root;

    @Test
    void startsADaemonInItsOwnSessionOnceAndStopsOnSigterm() throws Exception {
        DaemonClient client = DaemonClient.ensureRunning(root);
        DaemonInfo info = Json.MAPPER.readValue(Files.readAllBytes(root.resolve("daemon.json")), DaemonInfo.class);
        ProcessHandle daemon = ProcessHandle.of(info.pid()).orElseThrow();
        try {
            assertTrue(client.ping());
            assertEquals("unix://" + root.resolve("minidocker.sock"), info.host());
            assertEquals(info.pid(), sessionId(info.pid()), "the daemon leads its own session");
            DaemonClient again = DaemonClient.ensureRunning(root);
            assertTrue(again.ping());
            DaemonInfo same = Json.MAPPER.readValue(Files.readAllBytes(root.resolve("daemon.json")), DaemonInfo.class);
            assertEquals(info.pid(), same.pid(), "a running daemon is reused, not replaced");
        } finally {
            daemon.destroy(); // SIGTERM
            daemon.onExit().get(20, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(root.resolve("minidocker.sock")), "socket left behind");
        assertFalse(Files.exists(root.resolve("daemon.json")), "daemon.json left behind");
        assertTrue(Files.readString(root.resolve("daemon.log")).contains("listening on"));
    }

    @Test
    void startInBackgroundLeavesADaemonThatDaemonStopEnds() throws Exception {
        long pid = DaemonClient.startInBackground(root);
        assertTrue(pid > 0, "no daemon ran: one is started");
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!DaemonClient.forRoot(root).ping()) {
                assertTrue(System.nanoTime() < deadline, "the daemon did not answer in 30 s");
                Thread.sleep(20);
            }
            assertEquals(-1, DaemonClient.startInBackground(root), "one runs: none is started");
            assertTrue(DaemonStop.stop(root, java.time.Duration.ofSeconds(30)));
            assertFalse(daemon.isAlive(), "stop returns once the daemon's process is gone");
            assertFalse(DaemonLock.isHeld(root.resolve("daemon.lock")));
            assertFalse(Files.exists(root.resolve("minidocker.sock")), "socket left behind");
            assertFalse(DaemonStop.stop(root, java.time.Duration.ofSeconds(5)), "nothing runs any more");
        } finally {
            daemon.destroyForcibly();
        }
    }

    /** Field 6 of /proc/PID/stat (after the parenthesised command name). */
    private static long sessionId(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
