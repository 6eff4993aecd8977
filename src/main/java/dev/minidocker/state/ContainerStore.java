package dev.minidocker.state;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Container records under {@code <root>/containers}: one directory per container id holding
 * config.json and state.json, plus a name index ({@code .names/<name>} holding the id). Creating
 * and removing take the store lock so that two concurrent runs cannot claim the same name; state
 * updates take the container's own lock.
 */
public final class ContainerStore {
    private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern VALID_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final NameGenerator names = new NameGenerator(RANDOM);

    public ContainerStore(Path root) {
        this.dir = root.resolve("containers");
    }

    /** The store root this container store lives in. */
    public Path root() {
        return dir.getParent();
    }

    /** A fresh id: 64 random hex characters whose short form is never all digits (as Docker). */
    public static String newId() {
        while (true) {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) return id;
        }
    }

    public Path containerDir(String id) {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a container id: " + id);
        return dir.resolve(id);
    }

    /**
     * Stores a new record in state "created". A null name gets a generated one; a taken name fails
     * with Docker's conflict message. Returns the record as stored (with its name).
     */
    public ContainerRecord create(ContainerRecord draft) {
        if (draft.name() != null && !VALID_NAME.matcher(draft.name()).matches()) {
            throw new MiniDockerException("Invalid container name (" + draft.name()
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        try {
            StoreFiles.createDirectories(dir.resolve(".names"));
            try (FileLock ignored = FileLock.acquire(dir.resolve(".lock"))) {
                String name = draft.name() != null ? draft.name() : freeGeneratedName();
                Optional<String> holder = idForName(name);
                if (holder.isPresent()) {
                    throw new MiniDockerException("Conflict. The container name \"/" + name
                            + "\" is already in use by container \"" + holder.get()
                            + "\". You have to remove (or rename) that container to be able to reuse that name.");
                }
                ContainerRecord record = new ContainerRecord(draft.id(), name, draft.image(), draft.imageRef(),
                        draft.config(), draft.hostConfig(), draft.created());
                Path cdir = containerDir(record.id());
                StoreFiles.createDirectory(cdir);
                // Durable only what must survive a power failure: a --rm container dies with it anyway.
                boolean durable = record.hostConfig() == null || !record.hostConfig().autoRemove();
                AtomicFiles.writeWithoutSync(cdir.resolve("state.json"), Json.PRETTY.writeValueAsBytes(ContainerState.created()));
                write(cdir.resolve("config.json"), Json.PRETTY.writeValueAsBytes(record), durable);
                write(dir.resolve(".names").resolve(name), record.id().getBytes(StandardCharsets.US_ASCII), durable);
                return record;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("create container record: " + e.getMessage(), e);
        }
    }

    private static void write(Path target, byte[] content, boolean durable) throws IOException {
        if (durable) AtomicFiles.write(target, content);
        else AtomicFiles.writeWithoutSync(target, content);
    }

    private String freeGeneratedName() {
        for (int retry = 0; ; retry++) {
            String n = names.next(retry);
            if (idForName(n).isEmpty()) return n;
        }
    }

    /** The id the name index holds for this name, if that container still exists. */
    private Optional<String> idForName(String name) {
        if (!VALID_NAME.matcher(name).matches()) return Optional.empty();
        try {
            String id = Files.readString(dir.resolve(".names").resolve(name), StandardCharsets.US_ASCII).trim();
            return ID.matcher(id).matches() && Files.exists(dir.resolve(id).resolve("config.json"))
                    ? Optional.of(id) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<ContainerRecord> load(String id) {
        return read(containerDir(id).resolve("config.json"), ContainerRecord.class);
    }

    /** The state, or empty when the container is gone. */
    public Optional<ContainerState> state(String id) {
        return read(containerDir(id).resolve("state.json"), ContainerState.class);
    }

    /** Replaces state.json under the container lock; false (and nothing written) if the container is gone. */
    public boolean writeState(String id, ContainerState state) {
        Path cdir = containerDir(id);
        try (FileLock ignored = lock(id)) {
            if (!Files.exists(cdir.resolve("config.json"))) return false;
            AtomicFiles.writeWithoutSync(cdir.resolve("state.json"), Json.PRETTY.writeValueAsBytes(state));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("write state of " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads, changes and writes state.json under the container lock, so that two processes (a
     * supervisor recording an exit, a stop marking the container) never overwrite each other.
     * Returns the state written, or empty if the container is gone.
     */
    public Optional<ContainerState> updateState(String id, java.util.function.UnaryOperator<ContainerState> change) {
        Path cdir = containerDir(id);
        try (FileLock ignored = lock(id)) {
            if (!Files.exists(cdir.resolve("config.json"))) return Optional.empty();
            Optional<ContainerState> current = read(cdir.resolve("state.json"), ContainerState.class);
            if (current.isEmpty()) return Optional.empty();
            ContainerState next = change.apply(current.get());
            AtomicFiles.writeWithoutSync(cdir.resolve("state.json"), Json.PRETTY.writeValueAsBytes(next));
            return Optional.of(next);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("update state of " + id + ": " + e.getMessage(), e);
        }
    }

    /** The container's own lock (state changes, removal). Fails with NoSuchFileException if it is gone. */
    public FileLock lock(String id) throws IOException {
        return FileLock.acquire(containerDir(id).resolve("lock"));
    }

    /** Ids of all complete records (a directory without config.json is a crashed create: skipped). */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) return ids;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (ID.matcher(n).matches() && Files.exists(p.resolve("config.json"))) ids.add(n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
        return ids;
    }

    /** Docker's lookup order: full id, then name, then an unambiguous id prefix. */
    public String resolve(String nameOrId) {
        String key = nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId;
        if (ID.matcher(key).matches() && Files.exists(dir.resolve(key).resolve("config.json"))) return key;
        Optional<String> byName = idForName(key);
        if (byName.isPresent()) return byName.get();
        if (!key.isEmpty() && key.matches("[a-f0-9]+")) {
            List<String> matches = ids().stream().filter(id -> id.startsWith(key)).toList();
            if (matches.size() > 1) {
                throw new MiniDockerException("multiple IDs found with provided prefix: " + key);
            }
            if (matches.size() == 1) return matches.getFirst();
        }
        throw new NoSuchContainerException(nameOrId);
    }

    /** Deletes the record, its directories and its name; tolerant of a concurrent removal. */
    public void remove(String id) {
        remove(id, null);
    }

    /** As {@link #remove(String)}; {@code name}, when the caller knows it, spares reading the record. */
    /**
     * Where a container run from a root file system tarball ({@code run -r linux.tar}) has it
     * extracted: beside its directory, made before the record, removed with it.
     */
    public Path extractedRootfs(String id) {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a container id: " + id);
        return dir.resolve(id + ".rootfs");
    }

    public void remove(String id, String name) {
        Path cdir = containerDir(id);
        try {
            StoreFiles.createDirectories(dir.resolve(".names"));
            try (FileLock ignored = FileLock.acquire(dir.resolve(".lock"));
                 FileLock containerLock = lock(id)) {
                String n = name != null ? name : load(id).map(ContainerRecord::name).orElse(null);
                if (n != null && idForName(n).filter(id::equals).isPresent()) {
                    Files.deleteIfExists(dir.resolve(".names").resolve(n));
                }
                // config.json first: from then on the record no longer exists for readers.
                Files.deleteIfExists(cdir.resolve("config.json"));
                AtomicFiles.deleteTree(cdir);
                if (ID.matcher(id).matches()) AtomicFiles.deleteTree(dir.resolve(id + ".rootfs"));
            }
        } catch (NoSuchFileException alreadyGone) {
            // the container dir went away before we could lock it: someone else removed it
        } catch (IOException e) {
            throw new UncheckedIOException("remove container " + id + ": " + e.getMessage(), e);
        }
    }

    private static <T> Optional<T> read(Path file, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("read " + file + ": " + e.getMessage(), e);
        }
    }
}
