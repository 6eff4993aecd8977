package dev.minidocker.runtime.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.runtime.container.LogEntry;
import dev.minidocker.runtime.container.LogFiles;
import dev.minidocker.runtime.container.LogReader;
import dev.minidocker.state.ContainerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** json-file's max-size/max-file: the writer rotates, logs reads the rotated files first and follows across a rotation. */
class LogRotationTest {
    private static final String ID = "b".repeat(64);
    @TempDir
    Path root;

    private void write(LogWriter w, int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] line = ("line-" + i + "\n").getBytes(StandardCharsets.UTF_8);
            w.append(0, line, line.length);
        }
    }

    private List<String> logs(ContainerStore store) {
        List<String> seen = new ArrayList<>();
        new LogReader(store).read(ID, -1, false, () -> false, e -> seen.add(e.log().strip()));
        return seen;
    }

    @Test
    void theWriterKeepsMaxFilesAndLogsReadsThemOldestFirst() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Path log = LogEntry.fileOf(Files.createDirectories(store.containerDir(ID)));
        try (LogWriter w = new LogWriter(log, Clock.systemUTC(), 500, 3)) {
            write(w, 0, 100);
        }
        List<Path> rotated = LogFiles.rotated(log);
        assertEquals(List.of(log.resolveSibling(log.getFileName() + ".2"), log.resolveSibling(log.getFileName() + ".1")), rotated);
        assertFalse(Files.exists(log.resolveSibling(log.getFileName() + ".3")), "max-file 3: the live file and two old ones");
        for (Path p : rotated) assertTrue(Files.size(p) >= 500 && Files.size(p) < 600, p + ": " + Files.size(p));
        List<String> seen = logs(store);
        assertEquals("line-99", seen.getLast());
        int first = Integer.parseInt(seen.getFirst().substring(5));
        assertEquals(IntStream.range(first, 100).mapToObj(i -> "line-" + i).toList(), seen, "the newest lines, in order, none lost between files");
        assertTrue(first > 0, "the oldest were dropped");
    }

    @Test
    void maxFileOneStartsTheLogAgain() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Path log = LogEntry.fileOf(Files.createDirectories(store.containerDir(ID)));
        try (LogWriter w = new LogWriter(log, Clock.systemUTC(), 300, 1)) {
            write(w, 0, 20);
        }
        assertEquals(List.of(), LogFiles.rotated(log));
        assertTrue(Files.size(log) < 400, "truncated at the limit: " + Files.size(log));
        assertEquals("line-19", logs(store).getLast());
    }

    @Test
    void aFollowerGoesOnInTheNewFileAfterARotation() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Path log = LogEntry.fileOf(Files.createDirectories(store.containerDir(ID)));
        LogWriter w = new LogWriter(log, Clock.systemUTC(), 400, 2);
        write(w, 0, 3);
        AtomicInteger polls = new AtomicInteger();
        List<String> seen = new ArrayList<>();
        // each poll of the follower the "container" writes four more lines (a file holds about six: at most one
        // rotation between two polls; a writer that outruns its reader by a whole file loses it to the reader, as Docker's)
        new LogReader(store).read(ID, -1, true, () -> {
            int n = polls.getAndIncrement();
            if (n < 8) write(w, 3 + n * 4, 7 + n * 4);
            return n < 8;
        }, e -> seen.add(e.log().strip()));
        w.close();
        assertTrue(LogFiles.rotated(log).size() == 1, "it rotated");
        assertEquals(IntStream.range(0, 35).mapToObj(i -> "line-" + i).toList(), seen);
    }
}
