package dev.minidocker.runtime.container;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
        long position = 0;
        // Held open while following: a container removed right after it ended (docker-py's run reads
        // the stream only after its remove) still has every line read from the open file.
        RandomAccessFile in = null;
        Object inKey = null;
        try {
            List<String> lines = new ArrayList<>();
            for (Path old : LogFiles.rotated(file)) readRotated(old, lines::add);
            in = openIfExists(file);
            inKey = LogFiles.key(file);
            if (in != null) position = readLines(in, 0, lines::add);
            Deque<String> kept = new ArrayDeque<>();
            for (String l : lines) {
                kept.add(l);
                if (tail >= 0 && kept.size() > tail) kept.removeFirst();
            }
            for (String l : kept) sink.accept(parse(l));
            while (follow) {
                boolean alive = running.getAsBoolean();
                if (in == null) {
                    in = openIfExists(file);
                    inKey = LogFiles.key(file);
                }
                if (in != null) {
                    position = readLines(in, position, l -> sink.accept(parse(l)));
                    Object now = LogFiles.key(file);
                    if (now != null && !now.equals(inKey)) {
                        // rotated: the rest of the old file (through our descriptor), then the new one
                        position = readLines(in, position, l -> sink.accept(parse(l)));
                        closeQuietly(in);
                        in = openIfExists(file);
                        inKey = LogFiles.key(file);
                        position = in == null ? 0 : readLines(in, 0, l -> sink.accept(parse(l)));
                    }
                } else if (!Files.exists(file.getParent())) {
                    return; // removed before it wrote a log
                }
                if (!alive) return; // read once more after it stopped: nothing written before is lost
                Thread.sleep(FOLLOW_POLL_MILLIS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read log of " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(in);
        }
    }

    /** A rotated file, whole; one rotated away meanwhile is skipped (its lines are in the next). */
    private static void readRotated(Path file, Consumer<String> line) throws IOException {
        RandomAccessFile in = openIfExists(file);
        if (in == null) return;
        try {
            readLines(in, 0, line);
        } finally {
            closeQuietly(in);
        }
    }

    private static RandomAccessFile openIfExists(Path file) {
        try {
            return new RandomAccessFile(file.toFile(), "r");
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
    }

    private static void closeQuietly(RandomAccessFile in) {
        if (in == null) return;
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }

    /** Complete lines from {@code from} on; returns the offset after the last complete line. */
    private static long readLines(RandomAccessFile in, long from, Consumer<String> line) throws IOException {
        long length = in.length();
        if (length <= from) return from;
        byte[] data = new byte[Math.toIntExact(length - from)];
        in.seek(from);
        in.readFully(data);
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                if (i > start) line.accept(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return from + start;
    }

    private static LogEntry parse(String line) {
        try {
            return JSON.readValue(line, LogEntry.class);
        } catch (IOException e) {
            return new LogEntry(line + "\n", LogEntry.STDOUT, null);
        }
    }
}
