package dev.minidocker.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void writeReplacesContentAndLeavesNoTempFile() throws IOException {
        Path target = dir.resolve("state.json");
        AtomicFiles.write(target, "old".getBytes());
        AtomicFiles.write(target, "new".getBytes());
        assertArrayEquals("new".getBytes(), Files.readAllBytes(target));
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void writeWithoutSyncReplacesContentAndLeavesNoTempFileEither() throws IOException {
        Path target = dir.resolve("state.json");
        AtomicFiles.writeWithoutSync(target, "old".getBytes());
        AtomicFiles.writeWithoutSync(target, "new".getBytes());
        assertArrayEquals("new".getBytes(), Files.readAllBytes(target));
        assertEquals(List.of(target), list(dir));
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.writeWithoutSync(dir.resolve("gone/state.json"), new byte[1]));
    }

    @Test
    void writeIntoAMissingDirectoryFailsInsteadOfCreatingIt() {
        // a container removed meanwhile must not come back as a directory holding one state.json
        Path gone = dir.resolve("removed-container");
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(gone.resolve("state.json"), new byte[1]));
        assertFalse(Files.exists(gone));
    }

    @Test
    void deleteTreeRemovesLinksNotTheirTargets() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "x");
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.createSymbolicLink(tree.resolve("link"), outside);
        Files.writeString(tree.resolve("file"), "y");

        AtomicFiles.deleteTree(dir.resolve("tree"));
        AtomicFiles.deleteTree(dir.resolve("tree")); // already gone: not an error

        assertFalse(Files.exists(dir.resolve("tree")));
        assertTrue(Files.exists(outside.resolve("keep")));
    }

    @Test
    void orphanTempFilesOfDeadWritersGoOthersStay() throws IOException {
        long dead = deadPid();
        Path orphan = Files.writeString(dir.resolve(".tmp-images.json-" + dead + "-1f"), "half");
        Path live = Files.writeString(dir.resolve(".tmp-images.json-" + ProcessHandle.current().pid() + "-2e"), "busy");
        Path data = Files.writeString(dir.resolve("images.json"), "{}");

        AtomicFiles.removeOrphanTempFiles(dir);

        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(data));
    }

    private static long deadPid() {
        long pid = 4_000_000; // above any pid_max: never alive
        while (ProcessHandle.of(pid).isPresent()) pid++;
        return pid;
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
