package dev.minidocker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM's half of the launchers' stale-jar check: whose the variable is, and what find answered. */
class JarFreshnessTest {
    @Test
    void theVariableCountsOnlyInTheLaunchersOwnProcess() {
        assertEquals(new JarFreshness.Check(10, "/repo/mini-docker"), JarFreshness.Check.parse("10 42 /repo/mini-docker", 42));
        assertEquals("/a b/mini-docker", JarFreshness.Check.parse("11 42 /a b/mini-docker", 42).launcher());
        assertNull(JarFreshness.Check.parse("10 42 /repo/mini-docker", 43), "a JVM this one started inherits the variable");
        assertNull(JarFreshness.Check.parse(null, 42));
        assertNull(JarFreshness.Check.parse("10 x /repo/mini-docker", 42));
        assertNull(JarFreshness.Check.parse("10 42", 42));
    }

    @Test
    void aPathInFindsAnswerMeansChanged(@TempDir Path dir) throws Exception {
        Path answer = dir.resolve("answer");
        Files.writeString(answer, "/repo/src/main/java/X.java\n");
        assertTrue(JarFreshness.changed(answer));
        Files.writeString(answer, "");
        assertFalse(JarFreshness.changed(answer));
        assertFalse(JarFreshness.changed(dir.resolve("gone")), "no answer: run as found");
    }
}
