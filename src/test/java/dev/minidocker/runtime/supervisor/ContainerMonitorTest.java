package dev.minidocker.runtime.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.linux.Fifo;
import dev.minidocker.linux.PidFd;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.model.Resources;
import dev.minidocker.runtime.container.LiveContainer;
import dev.minidocker.state.ContainerRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A monitor's end when something other than the container holds the FIFOs' writing ends, as the
 * daemon's pty relay of a -t container does: it must say when it has seen the exit (so the holder
 * lets go), also for a command that ended before the monitor existed. Before, such a container
 * (docker run -t --rm busybox echo x on a busy machine) stayed "running" for ever, and every -t
 * container's end waited out the 2 s grace period for the FIFOs.
 */
class ContainerMonitorTest {
    private static final String ID = "c0ffee".repeat(10) + "abcd";

    @TempDir
    Path dir;
    private final int[] writers = {-1, -1};
    private final int[] readers = {-1, -1};
    private final int[] wake = {-1, -1};

    @BeforeEach
    void fifos() {
        for (int i = 0; i < 2; i++) {
            String path = dir.resolve(i == 0 ? "stdout.fifo" : "stderr.fifo").toString();
            Fifo.create(path);
            writers[i] = Fifo.openForContainer(path);
            readers[i] = Fifo.openReader(path);
        }
        int[] pipe = ProcessSyscalls.pipe();
        wake[0] = pipe[0];
        wake[1] = pipe[1];
    }

    @AfterEach
    void close() {
        for (int fd : writers) ProcessSyscalls.close(fd);
        ProcessSyscalls.close(wake[0]);
        ProcessSyscalls.close(wake[1]);
    }

    @Test
    void aCommandThatEndedBeforeItsMonitorExistedEndsOnceTheHolderLetsGo() throws Exception {
        byte[] x = "x\n".getBytes(StandardCharsets.UTF_8);
        ProcessSyscalls.writeFully(writers[0], x, 0, x.length);
        AtomicInteger seen = new AtomicInteger();
        CompletableFuture<ContainerMonitor.Outcome> ended = new CompletableFuture<>();
        long start = System.nanoTime();
        monitor(-1, true, () -> {
            seen.incrementAndGet();
            releaseWriters();
        }).start(ended::complete);

        assertNotNull(ended.get(10, TimeUnit.SECONDS), "the monitor never ended");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1, seen.get());
        assertTrue(millis < 1500, "ended on the FIFOs' end of file, not after the grace period: " + millis + " ms");
        assertTrue(Files.readString(dir.resolve(ID + "-json.log")).contains("\"log\":\"x\\n\""));
    }

    @Test
    void theInitsPidfdFiringTellsTheHolder() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "0.3").start();
        int pidfd = PidFd.open(sleeper.pid(), 0).orElseThrow();
        AtomicInteger seen = new AtomicInteger();
        CompletableFuture<ContainerMonitor.Outcome> ended = new CompletableFuture<>();
        monitor(pidfd, false, () -> {
            seen.incrementAndGet();
            releaseWriters();
        }).start(ended::complete);

        assertNotNull(ended.get(10, TimeUnit.SECONDS), "the monitor never ended");
        assertTrue(sleeper.waitFor(1, TimeUnit.SECONDS));
        assertEquals(1, seen.get());
    }

    private ContainerMonitor monitor(int pidfd, boolean endedBefore, Runnable onExitSeen) {
        LiveContainer c = LiveContainer.detached(new ContainerRecord(ID, "tty_holder", "sha256:" + "b".repeat(64),
                "busybox", new ContainerRecord.Config(List.of("echo", "x"), List.of(), List.of(), "/", "", "c0ffeec0ffee",
                        true, false),
                new ContainerRecord.HostConfig(Resources.NONE, List.of(), List.of(), "none", false, true, null),
                Instant.now().toString()));
        return new ContainerMonitor(c, pidfd, readers.clone(), wake[0],
                new LogWriter(dir.resolve(ID + "-json.log"), Clock.systemUTC()), endedBefore, onExitSeen);
    }

    /** What the daemon's tty release does, off the monitor's thread. */
    private void releaseWriters() {
        int out = writers[0], err = writers[1];
        writers[0] = writers[1] = -1;
        Thread.ofPlatform().start(() -> {
            ProcessSyscalls.close(out);
            ProcessSyscalls.close(err);
        });
    }
}
