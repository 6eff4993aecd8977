package dev.minidocker.engine.container;

import dev.minidocker.fs.StoreFiles;
import dev.minidocker.json.Json;
import dev.minidocker.runtime.container.LogEntry;
import dev.minidocker.runtime.container.LogCursor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Follows a container's json-file log for attach, through a {@link LogCursor} (one open
 * descriptor, carried over a rotation). The file is created if the container has not started yet
 * (its log writer appends to the same file).
 */
public final class LogFollower implements AutoCloseable {
    private static final long POLL_MILLIS = 20;
    private final LogCursor cursor;

    /** Opens the log of the container in {@code containerDir}; from its start, or only what comes next. */
    LogFollower(Path containerDir, boolean fromStart) throws IOException {
        Path log = LogEntry.fileOf(containerDir);
        StoreFiles.createFileIfMissing(log);
        this.cursor = new LogCursor(log, fromStart);
    }

    /** What receives each entry; an IOException (the client left) ends the follow. */
    public interface Sink {
        void accept(LogLine line) throws IOException;
    }

    /** Sends entries until {@code ended} says true and everything written before that was sent. */
    public void follow(BooleanSupplier ended, Sink sink) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        while (true) {
            boolean done = ended.getAsBoolean(); // checked before reading: nothing written before the end is missed
            lines.clear();
            cursor.readNew(lines::add);
            for (String line : lines) sink.accept(parse(line));
            if (done) return;
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static LogLine parse(String line) {
        try {
            LogEntry e = Json.MAPPER.readValue(line, LogEntry.class);
            return new LogLine(e.log(), e.isStderr(), e.time());
        } catch (IOException e) {
            return new LogLine(line + "\n", false, null);
        }
    }

    @Override
    public void close() throws IOException {
        cursor.close();
    }
}
