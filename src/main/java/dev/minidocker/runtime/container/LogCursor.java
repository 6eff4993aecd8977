package dev.minidocker.runtime.container;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A reader's place in a container's live json-file log, through one open descriptor: a container
 * removed right after it ended (docker-py reads the stream only after its remove) still has every
 * line read from it. When the writer rotates the file ({@code --log-opt max-size}), the rest of the
 * old file is read through the descriptor and the cursor goes on at the start of the new one. Only
 * complete lines are given: a line still being written is read next time.
 */
public final class LogCursor implements AutoCloseable {
    private final Path file;
    private RandomAccessFile in;
    private Object key;
    private long position;

    /** At the start of the live file, or (not {@code fromStart}) at its end; a missing file is opened when it appears. */
    public LogCursor(Path file, boolean fromStart) throws IOException {
        this.file = file;
        if (open() && !fromStart) position = in.length();
    }

    /** Whether the live file was found (it is made when the container starts). */
    public boolean isOpen() {
        return in != null || open();
    }

    /** The complete lines written since the last call, across a rotation. */
    public void readNew(Consumer<String> line) throws IOException {
        if (!isOpen()) return;
        readFromPosition(line);
        Object now = LogFiles.key(file);
        if (now != null && !now.equals(key)) {
            readFromPosition(line); // what reached the old file before its rename and after the read above
            in.close();
            in = null;
            position = 0;
            if (open()) readFromPosition(line);
        }
    }

    /** A whole file's complete lines, once (a rotated file: it is never written again). Nothing if it is gone. */
    public static void readAll(Path file, Consumer<String> line) throws IOException {
        try (LogCursor c = new LogCursor(file, true)) {
            if (c.in != null) c.readFromPosition(line);
        }
    }

    private boolean open() {
        try {
            in = new RandomAccessFile(file.toFile(), "r");
            key = LogFiles.key(file);
            return true;
        } catch (FileNotFoundException notYet) {
            return false;
        }
    }

    private void readFromPosition(Consumer<String> line) throws IOException {
        long length = in.length();
        if (length <= position) return;
        byte[] data = new byte[Math.toIntExact(length - position)];
        in.seek(position);
        in.readFully(data);
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != '\n') continue;
            if (i > start) line.accept(new String(data, start, i - start, StandardCharsets.UTF_8));
            start = i + 1;
        }
        position += start;
    }

    @Override
    public void close() throws IOException {
        if (in != null) in.close();
    }
}
