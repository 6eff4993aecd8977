package dev.minidocker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthcheckTest {
    @Test
    void theTestSaysWhatRuns() {
        assertEquals(Optional.of(List.of("/bin/sh", "-c", "curl -f localhost || exit 1")),
                new Healthcheck(List.of("CMD-SHELL", "curl -f localhost || exit 1"), 0, 0, 0, 0, 0).probe());
        assertEquals(Optional.of(List.of("test", "-e", "/ready")),
                new Healthcheck(List.of("CMD", "test", "-e", "/ready"), 0, 0, 0, 0, 0).probe());
        assertTrue(Healthcheck.DISABLED.probe().isEmpty());
        assertTrue(new Healthcheck(List.of(), 0, 0, 0, 0, 0).probe().isEmpty(), "no test: none (it inherits the image's)");
        assertTrue(new Healthcheck(List.of("CMD"), 0, 0, 0, 0, 0).probe().isEmpty());
    }

    @Test
    void zeroMeansDockersDefaults() {
        Healthcheck h = new Healthcheck(List.of("CMD", "true"), 0, 0, 0, 0, 0);
        assertEquals(Duration.ofSeconds(30), h.intervalOrDefault());
        assertEquals(Duration.ofSeconds(30), h.timeoutOrDefault());
        assertEquals(Duration.ofSeconds(5), h.startIntervalOrDefault());
        assertEquals(Duration.ZERO, h.startPeriodOrZero());
        assertEquals(3, h.retriesOrDefault());
    }

    @Test
    void theUsersFieldsOverTheImagesOneByOne() {
        Healthcheck image = new Healthcheck(List.of("CMD", "check"), 10, 20, 30, 40, 5);
        Healthcheck user = new Healthcheck(null, 0, 7, 0, 0, 2);
        assertEquals(new Healthcheck(List.of("CMD", "check"), 10, 7, 30, 40, 2), Healthcheck.merge(image, user));
        assertEquals(image, Healthcheck.merge(image, null));
        assertEquals(user, Healthcheck.merge(null, user));
        assertEquals(Healthcheck.DISABLED.test(), Healthcheck.merge(image, Healthcheck.DISABLED).test(), "--no-healthcheck wins");
    }

    @Test
    void flagsAsTheDockerCliTakesThem() {
        assertNull(Healthcheck.fromFlags(null, null, null, null, null, null, false), "no flag: the image's");
        assertEquals(new Healthcheck(List.of("CMD-SHELL", "true"), 1_000_000_000L, 0, 0, 0, 4),
                Healthcheck.fromFlags("true", Duration.ofSeconds(1), null, null, null, 4, false));
        assertEquals(Healthcheck.DISABLED, Healthcheck.fromFlags(null, null, null, null, null, null, true));
        assertEquals("--no-healthcheck conflicts with --health-* options", assertThrows(InvalidArgumentException.class,
                () -> Healthcheck.fromFlags("true", null, null, null, null, null, true)).getMessage());
        assertEquals("--health-timeout cannot be negative", assertThrows(InvalidArgumentException.class,
                () -> Healthcheck.fromFlags(null, null, Duration.ofSeconds(-1), null, null, null, false)).getMessage());
        assertEquals("--health-retries cannot be negative", assertThrows(InvalidArgumentException.class,
                () -> Healthcheck.fromFlags(null, null, null, null, null, -1, false)).getMessage());
    }

    @Test
    void theDaemonRefusesDurationsUnderAMillisecond() {
        assertEquals("Interval in Healthcheck cannot be less than 1ms", assertThrows(InvalidArgumentException.class,
                () -> new Healthcheck(List.of("CMD", "x"), 999_999, 0, 0, 0, 0).validated()).getMessage());
        assertEquals("Retries in Healthcheck cannot be negative", assertThrows(InvalidArgumentException.class,
                () -> new Healthcheck(List.of("CMD", "x"), 0, 0, 0, 0, -2).validated()).getMessage());
        new Healthcheck(List.of("CMD", "x"), 1_000_000, 0, 0, 0, 0).validated();
    }

    @Test
    void dockersJsonWithZerosLeftOut() throws Exception {
        Healthcheck h = new Healthcheck(List.of("CMD-SHELL", "true"), 2_000_000_000L, 0, 0, 0, 3);
        assertEquals("{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":2000000000,\"Retries\":3}", Json.MAPPER.writeValueAsString(h));
        assertEquals(h, Json.MAPPER.readValue("{\"test\":[\"CMD-SHELL\",\"true\"],\"interval\":2000000000,\"Retries\":3}",
                Healthcheck.class), "the API's names match case-insensitively");
    }
}
