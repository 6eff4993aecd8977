package dev.minidocker.runtime.supervisor;

import dev.minidocker.fs.StoreFiles;
import dev.minidocker.runtime.container.LogEntry;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;

/**
 * A container's log in Docker's json-file format: one JSON object per line of output,
 * {@code {"log":"hi\n","stream":"stdout","time":"2026-11-23T11:00:00.123456789Z"}}. Bytes are
 * gathered per stream until a newline (or 16 KiB, as Docker splits long lines); each entry is one
 * append write, so a reader never sees half an entry unless it races that single write. With a
 * {@code max-size}, a file that has reached it is rotated before the next entry, as Docker's
 * json-file driver does: {@code <log>.1} is the newest old file, up to {@code max-file - 1} of
 * them are kept (with max-file 1 the log starts again empty); readers follow the rename.
 */
public final class LogWriter implements AutoCloseable {
    private static final int MAX_LINE = 16 * 1024;

    private final Path file;
    private final long maxSize;
    private final int maxFiles;
    private FileOutputStream out;
    private long size;
    private final Clock clock;
    private final StringBuilder[] pending = {new StringBuilder(), new StringBuilder()};
    private final java.io.ByteArrayOutputStream[] partial = {new java.io.ByteArrayOutputStream(),
            new java.io.ByteArrayOutputStream()};

    public LogWriter(Path file, Clock clock) {
        this(file, clock, -1, 1);
    }

    /** {@code maxSize}: bytes after which the file is rotated (-1: never); {@code maxFiles}: files kept, the live one included. */
    public LogWriter(Path file, Clock clock, long maxSize, int maxFiles) {
        this.file = file;
        this.maxSize = maxSize;
        this.maxFiles = Math.max(1, maxFiles);
        this.clock = clock;
        try {
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("open log " + file + ": " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        StoreFiles.createFileIfMissing(file); // 0600: what a container prints may be secret
        out = new FileOutputStream(file.toFile(), true);
        size = Files.size(file);
    }

    /** Renames the live file to .1 (the older ones up by one, the oldest dropped) and starts a new one. */
    private void rotate() throws IOException {
        out.close();
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        try {
            Files.deleteIfExists(dir.resolve(name + "." + (maxFiles - 1)));
            for (int n = maxFiles - 2; n >= 1; n--) {
                Path older = dir.resolve(name + "." + n);
                if (Files.exists(older)) Files.move(older, dir.resolve(name + "." + (n + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
            if (maxFiles > 1) Files.move(file, dir.resolve(name + ".1"), StandardCopyOption.REPLACE_EXISTING);
            else Files.delete(file);
        } finally {
            open(); // a failed rename leaves the old file to append to: output is never stopped
        }
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
            byte[] entry = json.toString().getBytes(StandardCharsets.UTF_8);
            if (maxSize > 0 && size >= maxSize) rotate();
            out.write(entry);
            size += entry.length;
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
