package dev.minidocker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentParserTest {
    @TempDir
    Path tmp;

    @Test
    void envFileSkipsCommentsAndBlankLinesAndKeepsValuesVerbatim() throws IOException {
        Path f = tmp.resolve("e");
        Files.writeString(f, "\uFEFF# first\nA=1\n   # indented comment\n\nB= spaced value # not a comment\nC=\nHOME\nNOPE\n");
        assertEquals(List.of("A=1", "B= spaced value # not a comment", "C=", "HOME=/root"),
                EnvironmentParser.fromFile(f, Map.of("HOME", "/root")));
    }

    @Test
    void envFileRejectsNamesWithWhitespaceAndMissingFiles() throws IOException {
        Path f = tmp.resolve("e");
        Files.writeString(f, "BAD NAME=1\n");
        assertThrows(MiniDockerException.class, () -> EnvironmentParser.fromFile(f, Map.of()));
        assertThrows(MiniDockerException.class, () -> EnvironmentParser.fromFile(tmp.resolve("missing"), Map.of()));
    }

    @Test
    void flagTakesHostValueForBareKeyAndDropsUnset() {
        assertEquals(List.of("A=1", "USER=me"), EnvironmentParser.fromFlag(List.of("A=1", "USER", "UNSET"), Map.of("USER", "me")));
        assertThrows(MiniDockerException.class, () -> EnvironmentParser.fromFlag(List.of("=x"), Map.of()));
    }

    @Test
    void mergeReplacesInPlace() {
        assertEquals(List.of("A=2", "B=1", "C=3"), EnvironmentParser.merge(List.of("A=1", "B=1"), List.of("A=2", "C=3")));
    }
}
