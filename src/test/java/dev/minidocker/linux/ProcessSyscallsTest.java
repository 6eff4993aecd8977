package dev.minidocker.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSyscallsTest {
    /** The non-blocking wait the daemon's reaper polls with: a live child stays, an ended one is reaped, not left a zombie. */
    @Test
    void reapIfEndedWaitsForNothingAndReapsAnEndedChild() throws Exception {
        int pid = PosixSpawn.spawn("/bin/sh", List.of("sh", "-c", "read line"), List.of(), new int[] {-1, -1, -1}, true);
        try {
            assertFalse(ProcessSyscalls.reapIfEnded(pid), "a child still running is not reaped");
            assertTrue(Files.exists(Path.of("/proc/" + pid)));
        } finally {
            ProcessSyscalls.kill(pid, Signals.SIGKILL);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!ProcessSyscalls.reapIfEnded(pid)) {
            assertTrue(System.nanoTime() < deadline, "the killed child was never reaped");
            Thread.sleep(10);
        }
        assertFalse(Files.exists(Path.of("/proc/" + pid)), "reaped: no zombie left");
        assertTrue(ProcessSyscalls.reapIfEnded(pid), "no longer our child (ECHILD) counts as ended");
    }
}
