package dev.minidocker.image.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.image.Digest;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The tag database: {@code images/db.json}, one file holding every tag (full reference ->
 * image id) and every image record. Readers read it without locking (it is only ever replaced
 * by an atomic rename); writers read-modify-write it under the {@code images} lock.
 */
public final class ImageDb {
    private final Path file;
    private final StoreLocks locks;

    public ImageDb(Path file, StoreLocks locks) {
        this.file = file;
        this.locks = locks;
    }

    /**
     * A consistent view of the database.
     *
     * @param tags   full reference ({@code docker.io/library/busybox:latest}) -> image id
     * @param images image id string -> record
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Snapshot(Map<String, Digest> tags, Map<String, ImageRecord> images) {
        public Snapshot {
            tags = tags == null ? new TreeMap<>() : new TreeMap<>(tags);
            images = images == null ? new TreeMap<>() : new TreeMap<>(images);
        }

        static Snapshot empty() {
            return new Snapshot(null, null);
        }

        /** The tags (full references) that name {@code id}, sorted. */
        public java.util.List<String> tagsOf(Digest id) {
            return tags.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).toList();
        }
    }

    public Snapshot read() {
        if (!Files.exists(file)) return Snapshot.empty();
        try {
            return StoreJson.snapshot(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return Snapshot.empty();
        } catch (IOException e) {
            throw new MiniDockerException("image database " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Applies {@code change} to the current content and writes the result atomically. */
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    public Snapshot update(UnaryOperator<Snapshot> change) {
        try (StoreLocks.Held held = locks.exclusive("images")) {
            Snapshot next = change.apply(read());
            StoreFiles.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, Json.PRETTY.writeValueAsBytes(next));
            return next;
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }
}
