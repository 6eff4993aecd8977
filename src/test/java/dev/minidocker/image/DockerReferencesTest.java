package dev.minidocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Docker's reference rules and messages, as `docker tag busybox X` answers them (moby 27, distribution/reference). */
class DockerReferencesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "app|docker.io/library/app:latest",
            "me/app:1.0|docker.io/me/app:1.0",
            "127.0.0.1:5000/team/app:v2|127.0.0.1:5000/team/app:v2",
            "localhost/app|localhost/app:latest",
            "Registry.Example.COM/app:x|Registry.Example.COM/app:x",
            "index.docker.io/library/app:3|docker.io/library/app:3"})
    void acceptsWhatDockerAccepts(String input, String normalized) {
        assertEquals(normalized, DockerReferences.parseTagTarget(input).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Foo|invalid reference format: repository name (library/Foo) must be lowercase",
            "me/App:1|invalid reference format: repository name (me/App) must be lowercase",
            "app:bad:tag|invalid reference format",
            "app:-x|invalid reference format",
            "-app|invalid reference format",
            "app@sha256:0123456789012345678901234567890123456789012345678901234567890123|refusing to create a tag with a digest reference",
            "sha256:abc|refusing to create an ambiguous tag using digest algorithm as name",
            "0123456789012345678901234567890123456789012345678901234567890123|invalid repository name (0123456789012345678901234567890123456789012345678901234567890123), cannot specify 64-byte hexadecimal strings",
            "''|invalid reference format"})
    void refusesWithDockersWords(String input, String message) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> DockerReferences.parseTagTarget(input));
        assertEquals(message, e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongNames() {
        String name = "a/".repeat(130) + "b";
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> DockerReferences.parseTagTarget(name));
        assertEquals("invalid reference format: repository name must not be more than 255 characters", e.getMessage());
    }
}
