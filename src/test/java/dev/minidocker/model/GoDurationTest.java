package dev.minidocker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesGosUnits() {
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofNanos(10_000), GoDuration.parse("10us"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofSeconds(-1), GoDuration.parse("-1s"));
    }

    @Test
    void refusesInGosWords() {
        assertEquals("time: invalid duration \"5x\"", assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5x")).getMessage());
        assertEquals("time: missing unit in duration \"5\"", assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("5")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(""));
    }

    @Test
    void printsAsGoDoes() {
        assertEquals("30s", GoDuration.format(Duration.ofSeconds(30)));
        assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
        assertEquals("300ms", GoDuration.format(Duration.ofMillis(300)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("0s", GoDuration.format(Duration.ZERO));
    }
}
