package dev.minidocker.runtime.seccomp;

import dev.minidocker.linux.seccomp.Libseccomp;
import dev.minidocker.linux.seccomp.SeccompProgram;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The seccomp filter a container gets, compiled in the parent (the CLI or the daemon, never in
 * stage 2) and kept: a profile compiles to the same program for the same capabilities on the same
 * machine, so the daemon compiles Docker's default once per capability set (in memory) and a run
 * in the CLI's own JVM finds it on disk (SeccompFilterCache): a hit neither parses the profile nor
 * loads libseccomp. The built-in profile's filters are also kept for the whole install, next to
 * the jar ({@link #installCacheDir}): a new store's first run finds the one that the first run on
 * this machine, or the AOT training after the build, compiled (~120 ms of CPU less on a first
 * run: Jackson, cold, reads the profile and libseccomp takes ~800 calls). libseccomp is loaded on the first compile; if it is missing, that throws
 * LibseccompMissingException (the run fails with 125; {@code seccomp=unconfined} never asks for a
 * filter, nor does a profile without defaultAction and syscalls).
 */
public final class SeccompFilters {
    private static final int IN_MEMORY = 32;
    private static final Map<Path, SeccompFilters> BY_STORE = new ConcurrentHashMap<>();

    private final Supplier<Libseccomp> library;
    private final SeccompFilterCache disk;
    private final SeccompFilterCache install;
    private final Map<ByteBuffer, Optional<SeccompProgram>> memory = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Optional<SeccompProgram>> eldest) {
            return size() > IN_MEMORY;
        }
    };

    /** {@code cacheDir}: where compiled filters are kept on disk; null for memory only. */
    public SeccompFilters(Supplier<Libseccomp> library, Path cacheDir) {
        this(library, cacheDir, null);
    }

    /** {@code installCacheDir}: where the built-in profile's filters are kept for every store too; null for none. */
    public SeccompFilters(Supplier<Libseccomp> library, Path cacheDir, Path installCacheDir) {
        this.library = library;
        this.disk = cacheDir == null ? null : new SeccompFilterCache(cacheDir);
        this.install = installCacheDir == null ? null : new SeccompFilterCache(installCacheDir, true);
    }

    /**
     * The filters of a store (cached in {@code <root>/seccomp/}, the built-in profile's also in the
     * install's cache), through the system's libseccomp.
     */
    public static SeccompFilters forStore(Path storeRoot) {
        return cached(storeRoot.toAbsolutePath().resolve("seccomp"), true);
    }

    /** Filters kept on disk in {@code cacheDir} (one instance per directory), through the system's libseccomp. */
    public static SeccompFilters cachedIn(Path cacheDir) {
        return cached(cacheDir, false);
    }

    private static SeccompFilters cached(Path cacheDir, boolean withInstallCache) {
        return BY_STORE.computeIfAbsent(cacheDir.toAbsolutePath(), new java.util.function.Function<>() {
            @Override
            public SeccompFilters apply(Path dir) {
                return new SeccompFilters(new Supplier<>() {
                    @Override
                    public Libseccomp get() {
                        return Libseccomp.load();
                    }
                }, dir, withInstallCache ? installCacheDir() : null);
            }
        });
    }

    /** Docker's default profile for a container keeping {@code capabilities} ("CAP_CHOWN", ...). */
    public SeccompProgram dockerDefault(Collection<String> capabilities) {
        // Keyed by the resource's digest: a cache hit reads nothing from the jar (a first resource read costs 10-90 ms).
        byte[] identity = ("built-in " + SeccompProfileReader.DOCKER_DEFAULT_RESOURCE + " sha256:"
                + SeccompProfileReader.DOCKER_DEFAULT_SHA256).getBytes(StandardCharsets.UTF_8);
        return compile(identity, null, SeccompProfileReader.DOCKER_DEFAULT_ORIGIN,
                SeccompTarget.forThisMachine(capabilities), install).orElseThrow();
    }

    /**
     * {@code seccomp-cache/<the jar's mtime and size>/} beside the jar this code runs from (target/
     * in a checkout), so a filter never outlives the compiler that made it; scripts/make-aot-cache
     * empties it with each new jar. Null when running from a classes directory (tests).
     */
    static Path installCacheDir() {
        try {
            Path jar = Path.of(SeccompFilters.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!jar.toString().endsWith(".jar")) return null;
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            return jar.resolveSibling("seccomp-cache").resolve(a.lastModifiedTime().toMillis() + "-" + a.size());
        } catch (Exception e) { // no code source, or no jar to read: no install cache
            return null;
        }
    }

    /** A profile file in Docker's format (read each time: it may change); empty if it asks for no filter. */
    public Optional<SeccompProgram> fromFile(Path profile, Collection<String> capabilities) {
        return compile(SeccompProfileReader.bytesOf(profile), profile.toString(), SeccompTarget.forThisMachine(capabilities));
    }

    /** The program of a profile's JSON for {@code target}; empty when the profile asks for no filter. */
    public Optional<SeccompProgram> compile(byte[] profileJson, String origin, SeccompTarget target) {
        return compile(profileJson, profileJson, origin, target, null);
    }

    /**
     * {@code identity}: bytes that differ whenever the profile does (its JSON, or a digest of it);
     * {@code json}: the profile, null for the built-in one, read from the jar only on a miss;
     * {@code shared}: a second disk cache, looked at after the store's and written with it (or null).
     * (No lambdas here: this runs on an in-process run's path, where each costs a bootstrap.)
     */
    private Optional<SeccompProgram> compile(byte[] identity, byte[] json, String origin, SeccompTarget target,
                                             SeccompFilterCache shared) {
        byte[] key = key(identity, target, LibseccompFile.identity());
        ByteBuffer memoryKey = ByteBuffer.wrap(key);
        synchronized (memory) {
            Optional<SeccompProgram> known = memory.get(memoryKey);
            if (known != null) return known;
        }
        Optional<SeccompProgram> program = disk == null ? Optional.empty() : disk.get(key);
        if (program.isEmpty() && shared != null) program = shared.get(key);
        if (program.isEmpty()) {
            SeccompRules rules = SeccompRuleSelector.select(SeccompProfileReader.parse(
                    json != null ? json : SeccompProfileReader.dockerDefaultBytes(), origin), target);
            if (rules == null) return Optional.empty(); // no filter: nothing to compile, no library needed
            program = Optional.of(new SeccompCompiler(library.get()).compile(rules).program());
            if (disk != null) disk.put(key, program.get());
            if (shared != null) shared.put(key, program.get());
        }
        synchronized (memory) {
            memory.put(memoryKey, program);
        }
        return program;
    }

    /** The profile's length and identity, then what else decides the program: unambiguous. */
    private static byte[] key(byte[] profile, SeccompTarget target, String libseccomp) {
        byte[] machine = ("\ncaps=" + String.join(",", target.capabilities()) + "\narch=" + target.arch()
                + "\nkernel=" + target.kernel() + "\nlibseccomp=" + libseccomp).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + profile.length + machine.length)
                .putInt(profile.length).put(profile).put(machine).array();
    }
}
