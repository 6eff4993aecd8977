package dev.minidocker.runtime.supervisor;

import dev.minidocker.fs.StoreFiles;
import dev.minidocker.runtime.container.LogEntry;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A container's log in Docker's json-file format: one JSON object per line of output,
 * {@code {"log":"hi\n","stream":"stdout","time":"2026-11-23T11:00:00.123456789Z"}}. Bytes are
 * gathered per stream until a newline (or 16 KiB, as Docker splits long lines); each entry is one
 * append write, so a reader never sees half an entry unless it races that single write.
 */
public final class LogWriter implements AutoCloseable {
    private static final int MAX_LINE = 16 * 1024;

    private final FileOutputStream out;
    private final Clock clock;
    private final StringBuilder[] pending = {new StringBuilder(), new StringBuilder()};
    private final java.io.ByteArrayOutputStream[] partial = {new java.io.ByteArrayOutputStream(),
            new java.io.ByteArrayOutputStream()};

    public LogWriter(Path file, Clock clock) {
        try {
            StoreFiles.createFileIfMissing(file); // 0600: what a container prints may be secret
            this.out = new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("open log " + file + ": " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** Appends raw output of {@code stream} (0 stdout, 1 stderr); complete lines are written out. */
    public void append(int stream, byte[] buf, int len) {
        java.io.ByteArrayOutputStream line = partial[stream];
        for (int i = 0; i < len; i++) {
            line.write(buf[i]);
            if (buf[i] == '\n' || line.size() >= MAX_LINE) {
                emit(stream, line.toByteArray());
                line.reset();
            }
        }
    }

    /** Writes what is left of an unterminated last line of each stream. */
    public void flushPartial() {
        for (int s = 0; s < 2; s++) {
            if (partial[s].size() > 0) {
                emit(s, partial[s].toByteArray());
                partial[s].reset();
            }
        }
    }

    private void emit(int stream, byte[] line) {
        StringBuilder json = pending[stream];
        json.setLength(0);
        json.append("{\"log\":\"");
        escape(new String(line, StandardCharsets.UTF_8), json);
        json.append("\",\"stream\":\"").append(stream == 0 ? LogEntry.STDOUT : LogEntry.STDERR)
                .append("\",\"time\":\"").append(clock.instant()).append("\"}\n");
        try {
            out.write(json.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A full disk must not stop the container; the entry is lost, as with Docker's json-file.
        }
    }

    static void escape(String s, StringBuilder to) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> to.append("\\\"");
                case '\\' -> to.append("\\\\");
                case '\n' -> to.append("\\n");
                case '\r' -> to.append("\\r");
                case '\t' -> to.append("\\t");
                default -> {
                    if (c < 0x20) to.append(String.format("\\u%04x", (int) c));
                    else to.append(c);
                }
            }
        }
    }

    @Override
    public void close() {
        flushPartial();
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing buffered in a FileOutputStream
        }
    }
}
