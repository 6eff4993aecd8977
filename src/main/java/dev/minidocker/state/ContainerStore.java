package dev.minidocker.state;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /**
     * Told of the changes this store makes (the daemon's event log listens); called after the
     * change. A state change is told while the container's lock is still held, so that its event
     * comes before whatever next takes that lock (a force removal's destroy after the die of the
     * end it waited for); an observer must not take that lock. Changes other processes make are
     * not seen.
     */
    public interface Observer {
        Observer NONE = new Observer() { };

        default void created(ContainerRecord record) { }

        default void stateChanged(String id, ContainerState before, ContainerState after) { }

        default void renamed(ContainerRecord record, String oldName) { }

        default void removed(ContainerRecord record) { }

        /** Both observers, {@code first} told first. */
        static Observer both(Observer first, Observer second) {
            return new Observer() {
                @Override public void created(ContainerRecord r) { first.created(r); second.created(r); }

                @Override public void stateChanged(String id, ContainerState before, ContainerState after) {
                    first.stateChanged(id, before, after);
                    second.stateChanged(id, before, after);
                }

                @Override public void renamed(ContainerRecord r, String oldName) { first.renamed(r, oldName); second.renamed(r, oldName); }

                @Override public void removed(ContainerRecord r) { first.removed(r); second.removed(r); }
            };
        }
    }

    private volatile Observer observer = Observer.NONE;

    public void observe(Observer o) {
        observer = o == null ? Observer.NONE : o;
    }

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

    /** A container directory's file naming the process that owns its run: "PID STARTTIME". */
    public static final String OWNER_FILE = "owner";
    /** The health checks' results (see {@link ContainerHealth}). */
    public static final String HEALTH_FILE = "health.json";
    /**
     * Longest --name. Docker's engine sets no bound of its own (the file system's meets it late);
     * here a name is a file in .names/ written through a temp name, so 128, well within NAME_MAX (255),
     * checked before anything is created.
     */
    public static final int MAX_NAME = 128;

    /** The process that owns a run, by pid and start time (so a reused pid is not mistaken for it). */
    public record Owner(long pid, long startTime) {
        byte[] line() {
            return (pid + " " + startTime + "\n").getBytes(StandardCharsets.US_ASCII);
        }

        /** Parses an owner file's line; null if malformed. */
        public static Owner parse(String line) {
            String[] parts = line.trim().split(" ");
            try {
                return parts.length == 2 ? new Owner(Long.parseLong(parts[0]), Long.parseLong(parts[1])) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** The owner of a container's run, if its directory names one (read also without config.json). */
    public Optional<Owner> owner(String id) {
        try {
            return Optional.ofNullable(Owner.parse(Files.readString(containerDir(id).resolve(OWNER_FILE), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static final String STAGING_PREFIX = ".new-";

    /**
     * Deletes staging directories ({@code .new-ID-PID-STARTTIME}) whose owner is gone: it died
     * between their mkdir and their rename into place. {@code alive} tells whether an owner lives.
     */
    public int sweepStaging(java.util.function.Predicate<Owner> alive) {
        int swept = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, STAGING_PREFIX + "*")) {
            for (Path p : entries) {
                String[] parts = p.getFileName().toString().substring(STAGING_PREFIX.length()).split("-");
                if (parts.length != 3) continue;
                Owner o = Owner.parse(parts[1] + " " + parts[2]);
                if (o == null || alive.test(o)) continue;
                AtomicFiles.deleteTree(p);
                swept++;
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return swept;
    }

    /**
     * Deletes those of {@code ids} that have neither a record (config.json) nor an owner file:
     * what a removal killed half-way left (it deletes config.json, then the rest; the owner file
     * may go before the directory), or an unowned creation killed before its record. Both work
     * under the store lock, so they are checked again under it: none of them is then in progress.
     * Returns how many went.
     */
    public int sweepRemains(List<String> ids) {
        if (ids.isEmpty()) return 0;
        int swept = 0;
        try (FileLock ignored = FileLock.acquire(dir.resolve(".lock"))) {
            for (String id : ids) {
                if (!ID.matcher(id).matches() || !isRemains(id)) continue;
                AtomicFiles.deleteTree(containerDir(id));
                AtomicFiles.deleteTree(dir.resolve(id + ".rootfs"));
                swept++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sweep container directories: " + e.getMessage(), e);
        }
        return swept;
    }

    /** A directory with neither record nor owner file (see {@link #sweepRemains}). */
    private boolean isRemains(String id) {
        Path cdir = containerDir(id);
        return Files.isDirectory(cdir, LinkOption.NOFOLLOW_LINKS) && !Files.exists(cdir.resolve("config.json"))
                && !Files.exists(cdir.resolve(OWNER_FILE), LinkOption.NOFOLLOW_LINKS);
    }

    /** Every container directory's id, with or without a config.json (half-created ones too). */
    public List<String> directoryIds() {
        try (var entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the directory has its record (config.json). */
    public boolean hasRecord(String id) {
        return Files.exists(containerDir(id).resolve("config.json"));
    }

    /** Forgets the owner: the run is over (or swept) and must not be swept again. */
    public void disown(String id) {
        try {
            Files.deleteIfExists(containerDir(id).resolve(OWNER_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        return create(draft, null);
    }

    /**
     * As {@link #create(ContainerRecord)}, for a run owned by a process ({@code owner}, or null): its
     * {@code owner} file is written first, before config.json, so that a half-created directory of an
     * owner that died is found and swept too (ContainerSweep). On any failure the directory goes again.
     */
    public ContainerRecord create(ContainerRecord draft, Owner owner) {
        ContainerRecord created;
        if (draft.name() != null && !VALID_NAME.matcher(draft.name()).matches()) {
            throw new MiniDockerException("Invalid container name (" + draft.name()
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        if (draft.name() != null && draft.name().length() > MAX_NAME) {
            throw new MiniDockerException("Invalid container name (" + draft.name().substring(0, 16) + "...): at most "
                    + MAX_NAME + " characters are allowed, it has " + draft.name().length());
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
                if (owner == null) {
                    StoreFiles.createDirectory(cdir);
                } else {
                    // The directory appears with its owner file in it: made under a name that names the
                    // owner (mkdir is atomic), then renamed. A staging directory whose owner died is swept.
                    Path staging = dir.resolve(STAGING_PREFIX + record.id() + "-" + owner.pid() + "-" + owner.startTime());
                    StoreFiles.createDirectory(staging);
                    try {
                        AtomicFiles.writeWithoutSync(staging.resolve(OWNER_FILE), owner.line());
                        Files.move(staging, cdir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException | RuntimeException e) {
                        AtomicFiles.deleteTree(staging);
                        throw e;
                    }
                }
                try {
                    // Durable only what must survive a power failure: a --rm container dies with it anyway.
                    boolean durable = record.hostConfig() == null || !record.hostConfig().autoRemove();
                    AtomicFiles.writeWithoutSync(cdir.resolve("state.json"), ContainerJson.state(ContainerState.created()));
                    write(cdir.resolve("config.json"), ContainerJson.config(record), durable);
                    write(dir.resolve(".names").resolve(name), record.id().getBytes(StandardCharsets.US_ASCII), durable);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(cdir.resolve("config.json")); // first: the record is gone for readers
                    AtomicFiles.deleteTree(cdir);
                    throw e;
                }
                created = record;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("create container record: " + e.getMessage(), e);
        }
        observer.created(created);
        return created;
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

    /**
     * Reads a sample config.json and state.json as {@link #load} and {@link #state} do: Jackson
     * builds its readers of those records on the first read (~40 ms, interpreted), which a daemon
     * does at start so that its first run does not.
     */
    public static void rehearseReading() throws IOException {
        ContainerRecord sample = new ContainerRecord("0".repeat(64), "rehearsal", "sha256:" + "0".repeat(64), "busybox",
                new ContainerRecord.Config(List.of("true"), List.of(), List.of("A=b"), "/", "", "000000000000", false, false),
                new ContainerRecord.HostConfig(dev.minidocker.model.Resources.NONE, List.of(), List.of(), "none", true, false, null),
                java.time.Instant.EPOCH.toString());
        JSON.readValue(ContainerJson.config(sample), ContainerRecord.class);
        ContainerState ended = ContainerState.created().running(1, 1, java.time.Instant.EPOCH).exited(0, false, java.time.Instant.EPOCH);
        JSON.readValue(ContainerJson.state(ended), ContainerState.class);
    }

    /** Its {@code health.json}: empty when it has no health check or none has started yet. */
    public Optional<ContainerHealth> health(String id) {
        return read(containerDir(id).resolve(HEALTH_FILE), ContainerHealth.class);
    }

    /**
     * Replaces {@code health.json}; false (nothing written) when the container is gone. Without
     * the container lock: only the daemon's health monitor writes it, one check at a time.
     */
    public boolean writeHealth(String id, ContainerHealth health) {
        Path cdir = containerDir(id);
        if (!Files.exists(cdir.resolve("config.json"))) return false;
        try {
            AtomicFiles.writeWithoutSync(cdir.resolve(HEALTH_FILE), JSON.writeValueAsBytes(health));
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("write health of " + id + ": " + e.getMessage(), e);
        }
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
            ContainerState before;
            before = observer == Observer.NONE ? null : read(cdir.resolve("state.json"), ContainerState.class).orElse(null);
            AtomicFiles.writeWithoutSync(cdir.resolve("state.json"), ContainerJson.state(state));
            if (before != null) observer.stateChanged(id, before, state);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("write state of " + id + ": " + e.getMessage(), e);
        }
        return true;
    }

    /**
     * Reads, changes and writes state.json under the container lock, so that two processes (a
     * supervisor recording an exit, a stop marking the container) never overwrite each other.
     * Returns the state written, or empty if the container is gone.
     */
    public Optional<ContainerState> updateState(String id, java.util.function.UnaryOperator<ContainerState> change) {
        Path cdir = containerDir(id);
        ContainerState next;
        try (FileLock ignored = lock(id)) {
            if (!Files.exists(cdir.resolve("config.json"))) return Optional.empty();
            Optional<ContainerState> current = read(cdir.resolve("state.json"), ContainerState.class);
            if (current.isEmpty()) return Optional.empty();
            ContainerState before = current.get();
            next = change.apply(before);
            AtomicFiles.writeWithoutSync(cdir.resolve("state.json"), ContainerJson.state(next));
            observer.stateChanged(id, before, next);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("update state of " + id + ": " + e.getMessage(), e);
        }
        return Optional.of(next);
    }

    /**
     * Changes the host side of a record under the container lock ({@code network connect} and
     * {@code disconnect} are the only changes after create); empty if the container is gone.
     */
    public Optional<ContainerRecord> updateHostConfig(String id, java.util.function.UnaryOperator<ContainerRecord.HostConfig> change) {
        Path cdir = containerDir(id);
        try (FileLock ignored = lock(id)) {
            Optional<ContainerRecord> current = read(cdir.resolve("config.json"), ContainerRecord.class);
            if (current.isEmpty()) return Optional.empty();
            ContainerRecord r = current.get();
            ContainerRecord next = new ContainerRecord(r.id(), r.name(), r.image(), r.imageRef(), r.config(),
                    change.apply(r.hostConfig()), r.created());
            AtomicFiles.write(cdir.resolve("config.json"), ContainerJson.config(next));
            return Optional.of(next);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("update " + id + ": " + e.getMessage(), e);
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

    /**
     * Gives a container a new name (Docker's rename): the name index and the record change under
     * the store's lock, so a create racing for the name sees one holder. Docker's messages for an
     * invalid, unchanged or taken name.
     */
    public void rename(String id, String newName) {
        if (newName == null || !VALID_NAME.matcher(newName).matches()) {
            throw new InvalidArgumentException("Invalid container name (" + newName
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        ContainerRecord renamed;
        String renamedFrom;
        try (FileLock ignored = FileLock.acquire(dir.resolve(".lock")); FileLock containerLock = lock(id)) {
            ContainerRecord r = load(id).orElseThrow(() -> new NoSuchContainerException(id));
            if (r.name().equals(newName)) {
                throw new InvalidArgumentException("Renaming a container with the same name as its current name");
            }
            Optional<String> holder = idForName(newName);
            if (holder.isPresent()) {
                throw new MiniDockerException("Conflict. The container name \"/" + newName
                        + "\" is already in use by container \"" + holder.get()
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
            ContainerRecord renamedRecord = new ContainerRecord(r.id(), newName, r.image(), r.imageRef(), r.config(),
                    r.hostConfig(), r.created());
            AtomicFiles.write(dir.resolve(".names").resolve(newName), id.getBytes(StandardCharsets.US_ASCII));
            AtomicFiles.write(containerDir(id).resolve("config.json"), ContainerJson.config(renamedRecord));
            Files.deleteIfExists(dir.resolve(".names").resolve(r.name()));
            renamedFrom = r.name();
            renamed = renamedRecord;
        } catch (IOException e) {
            throw new UncheckedIOException("rename container " + id + ": " + e.getMessage(), e);
        }
        observer.renamed(renamed, renamedFrom);
    }

    /** Deletes the record, its directories and its name; tolerant of a concurrent removal. */
    public void remove(String id) {
        remove(id, null);
    }

    /**
     * Where a container run from a root file system tarball ({@code run -r linux.tar}) has it
     * extracted: beside its directory, made before the record, removed with it.
     */
    public Path extractedRootfs(String id) {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a container id: " + id);
        return dir.resolve(id + ".rootfs");
    }

    /** As {@link #remove(String)}; {@code name}, when the caller knows it, spares reading the record. */
    public void remove(String id, String name) {
        Path cdir = containerDir(id);
        ContainerRecord removed = null;
        try {
            StoreFiles.createDirectories(dir.resolve(".names"));
            try (FileLock ignored = FileLock.acquire(dir.resolve(".lock"));
                 FileLock containerLock = lock(id)) {
                removed = observer == Observer.NONE ? null : load(id).orElse(null);
                String n = name != null ? name : removed != null ? removed.name() : load(id).map(ContainerRecord::name).orElse(null);
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
        if (removed != null) observer.removed(removed);
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
