package dev.minidocker.engine.container;

import dev.minidocker.fs.StoreFiles;
import dev.minidocker.json.Json;
import dev.minidocker.runtime.container.LogEntry;
import dev.minidocker.runtime.container.LogFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Follows a container's json-file log through one open descriptor, for attach. The file is
 * created if the container has not started yet (its log writer appends to the same file), and
 * kept open: when a {@code --rm} container is removed right after it ends, the descriptor still
 * reads everything it wrote.
 */
public final class LogFollower implements AutoCloseable {
    private static final long POLL_MILLIS = 20;
    private final Path log;
    private RandomAccessFile file;
    private Object fileKey;
    private long position;

    /** Opens the log of the container in {@code containerDir}; from its start, or only what comes next. */
    LogFollower(Path containerDir, boolean fromStart) throws IOException {
        this.log = LogEntry.fileOf(containerDir);
        StoreFiles.createFileIfMissing(log);
        this.file = new RandomAccessFile(log.toFile(), "r");
        this.fileKey = LogFiles.key(log);
        this.position = fromStart ? 0 : file.length();
    }

    /** What receives each entry; an IOException (the client left) ends the follow. */
    public interface Sink {
        void accept(LogLine line) throws IOException;
    }

    /** Sends entries until {@code ended} says true and everything written before that was sent. */
    public void follow(BooleanSupplier ended, Sink sink) throws IOException, InterruptedException {
        while (true) {
            boolean done = ended.getAsBoolean(); // checked before reading: nothing written before the end is missed
            readNew(sink);
            if (done) return;
            Thread.sleep(POLL_MILLIS);
        }
    }

    private void readNew(Sink sink) throws IOException {
        readFromPosition(sink);
        Object now = LogFiles.key(log);
        if (now != null && !now.equals(fileKey)) { // rotated (--log-opt max-size): go on in the new file
            readFromPosition(sink); // what reached the old file before its rename and after our read
            file.close();
            file = new RandomAccessFile(log.toFile(), "r");
            fileKey = LogFiles.key(log);
            position = 0;
            readFromPosition(sink);
        }
    }

    private void readFromPosition(Sink sink) throws IOException {
        long length = file.length();
        if (length <= position) return;
        byte[] data = new byte[Math.toIntExact(length - position)];
        file.seek(position);
        file.readFully(data);
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != '\n') continue;
            if (i > start) sink.accept(parse(new String(data, start, i - start, StandardCharsets.UTF_8)));
            start = i + 1;
        }
        position += start; // a line still being written is read next time
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
        file.close();
    }
}
