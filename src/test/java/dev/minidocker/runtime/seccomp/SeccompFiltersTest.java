package dev.minidocker.runtime.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.linux.seccomp.Libseccomp;
import dev.minidocker.linux.seccomp.LibseccompMissingException;
import dev.minidocker.linux.seccomp.SeccompProgram;
import dev.minidocker.runtime.spec.DefaultCapabilities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled filters are kept in memory and on disk, and a missing libseccomp is a clear error. */
class SeccompFiltersTest {
    private static final byte[] DOCKER = SeccompProfileReader.dockerDefaultBytes();
    private static final SeccompTarget TARGET = SeccompCompilerTest.amd64(DefaultCapabilities.DOCKER);

    @TempDir
    Path dir;

    @Test
    void compilesOncePerProfileAndCapabilitiesInMemory() {
        RecordingLibseccomp lib = new RecordingLibseccomp(Set.of());
        SeccompFilters filters = new SeccompFilters(() -> lib, null);
        SeccompProgram first = filters.compile(DOCKER, "d", TARGET).orElseThrow();
        assertEquals(first, filters.compile(DOCKER, "d", TARGET).orElseThrow());
        assertEquals(1, lib.inits);
        filters.compile(DOCKER, "d", SeccompCompilerTest.amd64(List.of("CAP_SYS_ADMIN")));
        assertEquals(2, lib.inits, "other capabilities, another filter");
    }

    @Test
    void aSecondProcessFindsTheFilterOnDisk() throws IOException {
        Path cache = dir.resolve("seccomp");
        RecordingLibseccomp first = new RecordingLibseccomp(Set.of());
        SeccompProgram compiled = new SeccompFilters(() -> first, cache).compile(DOCKER, "d", TARGET).orElseThrow();
        try (Stream<Path> files = Files.list(cache)) {
            Path file = files.findFirst().orElseThrow();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));

        RecordingLibseccomp second = new RecordingLibseccomp(Set.of());
        assertEquals(compiled, new SeccompFilters(() -> second, cache).compile(DOCKER, "d", TARGET).orElseThrow());
        assertEquals(0, second.inits, "no compile: read from the cache");
    }

    @Test
    void aDamagedCacheFileIsCompiledAgain() throws IOException {
        Path cache = dir.resolve("seccomp");
        RecordingLibseccomp first = new RecordingLibseccomp(Set.of());
        SeccompProgram compiled = new SeccompFilters(() -> first, cache).compile(DOCKER, "d", TARGET).orElseThrow();
        try (Stream<Path> files = Files.list(cache)) {
            Path file = files.findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        }
        RecordingLibseccomp second = new RecordingLibseccomp(Set.of());
        assertEquals(compiled, new SeccompFilters(() -> second, cache).compile(DOCKER, "d", TARGET).orElseThrow());
        assertEquals(1, second.inits);
    }

    @Test
    void dockersDefaultIsCompiledFromTheJarOnlyOnAMiss() {
        Path cache = dir.resolve("seccomp");
        RecordingLibseccomp first = new RecordingLibseccomp(Set.of());
        SeccompProgram compiled = new SeccompFilters(() -> first, cache).dockerDefault(DefaultCapabilities.DOCKER);
        assertEquals(1, first.inits);
        assertEquals(compiled, new SeccompFilters(() -> { throw new AssertionError("loaded libseccomp on a hit"); }, cache)
                .dockerDefault(DefaultCapabilities.DOCKER));
    }

    @Test
    void aNewStoreFindsTheBuiltInFilterInTheInstallCache() throws IOException {
        Path install = dir.resolve("install");
        RecordingLibseccomp first = new RecordingLibseccomp(Set.of());
        SeccompProgram compiled = new SeccompFilters(() -> first, dir.resolve("store1"), install)
                .dockerDefault(DefaultCapabilities.DOCKER);
        assertEquals(1, first.inits);
        assertEquals(compiled, new SeccompFilters(() -> { throw new AssertionError("loaded libseccomp on a hit"); },
                dir.resolve("store2"), install).dockerDefault(DefaultCapabilities.DOCKER));
        RecordingLibseccomp other = new RecordingLibseccomp(Set.of());
        new SeccompFilters(() -> other, dir.resolve("store3"), install).dockerDefault(List.of("CAP_SYS_ADMIN"));
        assertEquals(1, other.inits, "other capabilities: not that filter");

        Path profile = dir.resolve("p.json");
        Files.write(profile, DOCKER);
        try (Stream<Path> files = Files.list(install)) {
            long before = files.count();
            new SeccompFilters(() -> new RecordingLibseccomp(Set.of()), dir.resolve("store4"), install)
                    .fromFile(profile, DefaultCapabilities.DOCKER);
            try (Stream<Path> after = Files.list(install)) {
                assertEquals(before, after.count(), "a profile file's filter stays in its store");
            }
        }
    }

    /** The install's cache lies outside the store's checks: a filter others could have written is not used. */
    @Test
    void anInstallCacheFileOthersCouldWriteIsCompiledAgain() throws IOException {
        Path install = dir.resolve("install");
        SeccompProgram compiled = new SeccompFilters(() -> new RecordingLibseccomp(Set.of()), dir.resolve("store1"), install)
                .dockerDefault(DefaultCapabilities.DOCKER);
        Path file;
        try (Stream<Path> files = Files.list(install)) {
            file = files.findFirst().orElseThrow();
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        RecordingLibseccomp second = new RecordingLibseccomp(Set.of());
        assertEquals(compiled, new SeccompFilters(() -> second, dir.resolve("store2"), install).dockerDefault(DefaultCapabilities.DOCKER));
        assertEquals(1, second.inits, "a group-writable file: compiled again");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(install, PosixFilePermissions.fromString("rwxrwxrwx"));
        RecordingLibseccomp third = new RecordingLibseccomp(Set.of());
        new SeccompFilters(() -> third, dir.resolve("store3"), install).dockerDefault(DefaultCapabilities.DOCKER);
        assertEquals(1, third.inits, "a world-writable directory: compiled again");

        Files.setPosixFilePermissions(install, PosixFilePermissions.fromString("rwx------"));
        new SeccompFilters(() -> { throw new AssertionError("loaded libseccomp on a hit"); }, dir.resolve("store4"), install)
                .dockerDefault(DefaultCapabilities.DOCKER);
    }

    @Test
    void noInstallCacheWhenRunFromClasses() {
        // Tests run from target/classes: no install cache, so they never share filters through it.
        assertEquals(null, SeccompFilters.installCacheDir());
    }

    @Test
    void aMissingLibraryIsAClearError() {
        String path = dir.resolve("nonexistent/libseccomp.so.2").toString();
        SeccompFilters filters = new SeccompFilters(() -> Libseccomp.load(path), null);
        var e = assertThrows(LibseccompMissingException.class, () -> filters.compile(DOCKER, "d", TARGET));
        assertTrue(e.getMessage().startsWith("cannot load " + path + " to build the container's seccomp filter ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("install libseccomp2 (apt-get install libseccomp2), "
                + "or run with --security-opt seccomp=unconfined"), e.getMessage());
        assertEquals(Optional.empty(), filters.compile("{}".getBytes(StandardCharsets.UTF_8), "empty.json", TARGET),
                "a profile that asks for no filter needs no library");
    }

    @Test
    void aFileIsReadEachTime() throws IOException {
        RecordingLibseccomp lib = new RecordingLibseccomp(Set.of());
        SeccompFilters filters = new SeccompFilters(() -> lib, null);
        Path profile = dir.resolve("p.json");
        Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\"}]}");
        SeccompProgram one = filters.fromFile(profile, List.of()).orElseThrow();
        Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdirat\", \"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\"}]}");
        assertNotEquals(one, filters.fromFile(profile, List.of()).orElseThrow());
        assertEquals(2, lib.inits);
        var e = assertThrows(SeccompProfileException.class, () -> filters.fromFile(dir.resolve("none.json"), List.of()));
        assertEquals("seccomp profile " + dir.resolve("none.json") + ": no such file", e.getMessage());
    }
}
