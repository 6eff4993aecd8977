package dev.minidocker.state;

import dev.minidocker.MiniDockerException;
import dev.minidocker.NotFoundException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Named volumes under {@code <root>/volumes}: {@code <name>/volume.json} and {@code <name>/_data},
 * the directory containers mount (Docker's local driver layout). {@code volumes/} and each volume's
 * directory are 0700 (a volume may hold setuid files of a container); {@code _data} is 0755, as the
 * container's users must enter it. Create and remove hold {@code volumes/.lock}.
 */
public final class VolumeStore {
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private final Path dir;

    public VolumeStore(Path root) {
        this.dir = root.resolve("volumes");
    }

    public static boolean isValidName(String name) {
        return name != null && VALID_NAME.matcher(name).matches();
    }

    public static void checkName(String name) {
        if (!isValidName(name)) {
            throw new dev.minidocker.InvalidArgumentException("create " + name + ": \"" + name
                    + "\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed."
                    + " If you intended to pass a host directory, use absolute path");
        }
    }

    /** The directory a container mounts. */
    public Path dataDir(String name) {
        return dir.resolve(name).resolve("_data");
    }

    /**
     * The volume, made now if missing (then {@code created} is true): Docker's create is idempotent
     * for the same name, and a run's {@code -v NAME:/path} creates on first use.
     */
    public Created createIfMissing(String name, Map<String, String> labels, Map<String, String> options, boolean anonymous) {
        checkName(name);
        try {
            StoreFiles.createDirectories(dir);
            try (FileLock ignored = FileLock.acquire(dir.resolve(".lock"))) {
                Optional<VolumeRecord> existing = load(name);
                if (existing.isPresent()) return new Created(existing.get(), false);
                Path vdir = dir.resolve(name);
                if (Files.exists(vdir)) AtomicFiles.deleteTree(vdir); // a half-made one
                StoreFiles.createDirectory(vdir);
                Files.createDirectory(vdir.resolve("_data"), StoreFiles.PUBLIC_DIR);
                VolumeRecord r = new VolumeRecord(name, "local", Instant.now().toString(), labels, options, anonymous);
                AtomicFiles.write(vdir.resolve("volume.json"), Json.PRETTY.writeValueAsBytes(r));
                return new Created(r, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("create volume " + name + ": " + e.getMessage(), e);
        }
    }

    public record Created(VolumeRecord volume, boolean created) {}

    public Optional<VolumeRecord> load(String name) {
        if (!isValidName(name)) return Optional.empty();
        try {
            return Optional.of(Json.MAPPER.readValue(dir.resolve(name).resolve("volume.json").toFile(), VolumeRecord.class));
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("read volume " + name + ": " + e.getMessage(), e);
        }
    }

    /** Docker's message for an unknown volume. */
    public VolumeRecord find(String name) {
        return load(name).orElseThrow(() -> new NotFoundException("get " + name + ": no such volume"));
    }

    public List<VolumeRecord> list() {
        List<VolumeRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".")) load(n).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list volumes: " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(VolumeRecord::name));
        return out;
    }

    /** Deletes the volume and its content; false if there was none. The caller checks it is unused. */
    public boolean delete(String name) {
        if (!isValidName(name)) return false;
        try {
            StoreFiles.createDirectories(dir);
            try (FileLock ignored = FileLock.acquire(dir.resolve(".lock"))) {
                Path vdir = dir.resolve(name);
                if (!Files.exists(vdir.resolve("volume.json"))) return false;
                Files.delete(vdir.resolve("volume.json")); // first: a half-deleted volume is no volume
                AtomicFiles.deleteTree(vdir);
                return true;
            }
        } catch (IOException e) {
            throw new MiniDockerException("remove volume " + name + ": " + e.getMessage());
        }
    }
}
