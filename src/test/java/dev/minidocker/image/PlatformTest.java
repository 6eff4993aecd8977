package dev.minidocker.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** --platform as the docker CLI takes it (containerd's platforms.Parse), and the check of a local image against it. */
class PlatformTest {
    @Test
    void parsesTheFormsDockerTakes() {
        assertEquals("linux/amd64", Platform.parse("linux/amd64").toString());
        assertEquals("linux/arm64/v8", Platform.parse("linux/arm64").toString());
        assertEquals("linux/arm64/v8", Platform.parse("linux/aarch64/8").toString());
        assertEquals("linux/arm/v7", Platform.parse("linux/armhf").toString());
        assertEquals("linux/s390x", Platform.parse("linux/s390x").toString());
        assertEquals("linux/amd64", Platform.parse("x86_64").toString()); // an architecture alone: linux
        assertEquals("linux/amd64", Platform.parse("AMD64").toString());
        assertEquals(new Platform("linux", Platform.host().architecture(), Platform.host().variant()), Platform.parse("linux"));
        assertEquals("windows/amd64", Platform.parse("windows/amd64").toString());
    }

    @Test
    void refusesWhatDockerRefuses() {
        for (String bad : new String[] {"bogus", "linux/bogus", "bogus/amd64", "linux//amd64", "", "linux/amd64/v2/x", "/amd64"}) {
            InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> Platform.parse(bad), bad);
            assertEquals("\"" + bad + "\": unknown operating system or architecture: invalid argument", e.getMessage());
        }
    }

    @Test
    void aLocalImageIsCheckedByOsArchitectureAndAVariantBothName() {
        Platform arm64 = Platform.parse("linux/arm64");
        assertTrue(arm64.describes("linux", "arm64", null));
        assertTrue(arm64.describes("linux", "arm64", "v8"));
        assertFalse(arm64.describes("linux", "arm64", "v9"));
        assertFalse(arm64.describes("linux", "amd64", null));
        assertFalse(arm64.describes("windows", "arm64", null));
        assertTrue(arm64.describes(null, null, null)); // an image that says nothing: any
        assertTrue(Platform.parse("linux/amd64").describes("linux", "amd64", ""));
    }
}
