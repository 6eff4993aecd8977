package dev.minidocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
    private static final String HEX = "a".repeat(64);

    @Test
    void shortNameIsDockerHubLibraryLatest() {
        ImageReference r = ImageReference.parse("busybox");
        assertEquals("docker.io", r.registry());
        assertEquals("library/busybox", r.repository());
        assertEquals("latest", r.tag());
        assertEquals("registry-1.docker.io", r.apiHost());
        assertEquals("docker.io/library/busybox:latest", r.toString());
        assertEquals("busybox", r.familiarName());
    }

    @Test
    void userRepoOnHubHasNoLibraryPrefix() {
        ImageReference r = ImageReference.parse("bitnami/redis:7.2");
        assertEquals("bitnami/redis", r.repository());
        assertEquals("7.2", r.tag());
        assertEquals("bitnami/redis", r.familiarName());
    }

    @Test
    void firstComponentWithDotColonOrLocalhostIsAHost() {
        assertEquals("127.0.0.1:5000", ImageReference.parse("127.0.0.1:5000/busybox").registry());
        assertEquals("busybox", ImageReference.parse("127.0.0.1:5000/busybox").repository());
        assertEquals("localhost", ImageReference.parse("localhost/a/b:1").registry());
        assertEquals("quay.io", ImageReference.parse("quay.io/x/y").registry());
        assertEquals("docker.io", ImageReference.parse("index.docker.io/library/busybox").registry());
        assertEquals("docker.io", ImageReference.parse("foo/bar").registry());
    }

    @Test
    void digestReferences() {
        ImageReference r = ImageReference.parse("busybox@sha256:" + HEX);
        assertNull(r.tag());
        assertEquals("sha256:" + HEX, r.manifestReference());
        ImageReference both = ImageReference.parse("localhost:5000/busybox:1.36@sha256:" + HEX);
        assertEquals("1.36", both.tag());
        assertEquals(HEX, both.digest().hex());
    }

    @Test
    void loopbackRegistries() {
        assertTrue(ImageReference.parse("127.0.0.1:5000/a").isLoopbackRegistry());
        assertTrue(ImageReference.parse("localhost:5000/a").isLoopbackRegistry());
        assertFalse(ImageReference.parse("quay.io/a").isLoopbackRegistry());
        assertFalse(ImageReference.parse("busybox").isLoopbackRegistry());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Busybox", "busybox:", "busybox@sha256:abc", ":tag", "a//b",
            "busybox:-bad", "-busybox", "busybox@md5:" + "a", "UPPER.io/x/Y"})
    void malformedReferencesAreRejected(String input) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
    }
}
