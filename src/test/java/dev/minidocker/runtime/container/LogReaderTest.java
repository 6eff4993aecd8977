package dev.minidocker.runtime.container;

import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogReaderTest {
    private static final String ID = "a".repeat(64);

    @TempDir
    Path root;

    /**
     * docker-py's {@code containers.run(remove=True)} asks for the followed log, waits, removes the
     * container, and only then reads the stream: what the container wrote must still arrive.
     */
    @Test
    void aFollowerKeepsWhatWasWrittenBeforeTheContainerWasRemoved() throws IOException {
        ContainerStore store = new ContainerStore(root);
        Path dir = Files.createDirectories(store.containerDir(ID));
        Path file = Files.writeString(LogEntry.fileOf(dir), "");
        BooleanSupplier running = new BooleanSupplier() {
            private int calls;

            @Override
            public boolean getAsBoolean() {
                if (calls++ > 0) return false;
                try { // between two polls: the container writes a line, ends, and is removed
                    Files.writeString(file, "{\"log\":\"hi\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-04T00:00:00Z\"}\n",
                            StandardOpenOption.APPEND);
                    Files.delete(file);
                    Files.delete(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return true;
            }
        };
        List<String> seen = new ArrayList<>();
        new LogReader(store).read(ID, -1, true, running, e -> seen.add(e.log()));
        assertEquals(List.of("hi\n"), seen);
    }

    @Test
    void tailKeepsTheLastEntriesWithoutFollowing() throws IOException {
        ContainerStore store = new ContainerStore(root);
        Path dir = Files.createDirectories(store.containerDir(ID));
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 3; i++) log.append("{\"log\":\"").append(i).append("\\n\",\"stream\":\"stdout\"}\n");
        Files.writeString(LogEntry.fileOf(dir), log + "{\"log\":\"partial");
        List<String> seen = new ArrayList<>();
        new LogReader(store).read(ID, 2, false, () -> false, e -> seen.add(e.log()));
        assertEquals(List.of("2\n", "3\n"), seen, "the last two complete lines; a partial one waits");
    }
}
