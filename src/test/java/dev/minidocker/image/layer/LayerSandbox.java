package dev.minidocker.image.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.linux.FileSyscalls;
import dev.minidocker.linux.LinuxFileSyscalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A layer target two levels below a test directory (so "../.." names would land in it) next to a
 * victim file: hostile layers are applied here and whatever lies outside the layer is checked to
 * be exactly as it was.
 */
final class LayerSandbox {
    final Path dir;
    final Path target;
    final Path victim;

    LayerSandbox(Path dir) {
        this.dir = dir;
        try {
            target = Files.createDirectories(dir.resolve("store/layer"));
            victim = Files.writeString(dir.resolve("victim"), "original");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void apply(byte[] tar) throws IOException {
        apply(tar, new LinuxFileSyscalls());
    }

    void apply(byte[] tar, FileSyscalls sys) throws IOException {
        new LayerApplier(sys).apply(new ByteArrayInputStream(tar), target);
    }

    /** Applying fails with one printable line that contains {@code expected}. */
    LayerException rejected(byte[] tar, String expected) {
        return rejected(tar, new LinuxFileSyscalls(), expected);
    }

    LayerException rejected(byte[] tar, FileSyscalls sys, String expected) {
        LayerException e = assertThrows(LayerException.class, () -> apply(tar, sys));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x7f), "not one printable line: " + e.getMessage());
        return e;
    }

    /** Nothing beside the layer appeared, and the victim is unchanged, still one link to its inode. */
    void assertOutsideUntouched() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("store", "victim"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> s = Files.list(dir.resolve("store"))) {
            assertEquals(List.of("layer"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(Files.isRegularFile(victim, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("original", Files.readString(victim));
        assertEquals(1, Files.getAttribute(victim, "unix:nlink"));
    }
}
