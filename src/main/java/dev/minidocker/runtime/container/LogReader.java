package dev.minidocker.runtime.container;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads a container's json-file log: all of it (the rotated files first, {@link LogFiles}) or the
 * last N entries, then optionally follows it (new entries as they are written, across rotations)
 * until the container has stopped and everything was read.
 * Works on the files alone, so {@code logs} needs no supervisor.
 */
public final class LogReader {
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final long FOLLOW_POLL_MILLIS = 100;

    private final ContainerStore store;

    public LogReader(ContainerStore store) {
        this.store = store;
    }

    /**
     * Sends entries of container {@code id} to {@code sink}.
     *
     * @param tail    the last N entries only; negative: all
     * @param follow  keep going until {@code running} says false and the file has no more entries
     * @param running whether the container still runs (checked between reads while following)
     */
    public void read(String id, int tail, boolean follow, BooleanSupplier running, Consumer<LogEntry> sink) {
        Path file = LogEntry.fileOf(store.containerDir(id));
        try (LogCursor live = new LogCursor(file, true)) {
            List<String> lines = new ArrayList<>();
            for (Path old : LogFiles.rotated(file)) LogCursor.readAll(old, lines::add);
            live.readNew(lines::add);
            Deque<String> kept = new ArrayDeque<>();
            for (String l : lines) {
                kept.add(l);
                if (tail >= 0 && kept.size() > tail) kept.removeFirst();
            }
            for (String l : kept) sink.accept(parse(l));
            while (follow) {
                boolean alive = running.getAsBoolean();
                if (!live.isOpen() && !Files.exists(file.getParent())) return; // removed before it wrote a log
                live.readNew(l -> sink.accept(parse(l)));
                if (!alive) return; // read once more after it stopped: nothing written before is lost
                Thread.sleep(FOLLOW_POLL_MILLIS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read log of " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static LogEntry parse(String line) {
        try {
            return JSON.readValue(line, LogEntry.class);
        } catch (IOException e) {
            return new LogEntry(line + "\n", LogEntry.STDOUT, null);
        }
    }
}
