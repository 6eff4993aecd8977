package dev.minidocker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.InvalidArgumentException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Docker's filter semantics, as every list and prune applies them. */
class FiltersTest {
    @Test
    void readsBothJsonShapesAndTheCliForm() {
        assertEquals(List.of("a=b", "c"), Filters.fromJson("{\"label\":[\"a=b\",\"c\"]}").values("label"));
        assertEquals(List.of("a=b"), Filters.fromJson("{\"label\":{\"a=b\":true}}").values("label"));
        Filters cli = Filters.fromArgs(List.of("label=a=b", "label!=c", "name=web"));
        assertEquals(List.of("a=b"), cli.values("label"));
        assertEquals(List.of("c"), cli.values("label!"));
        assertTrue(Filters.fromJson(null).isEmpty());
        assertTrue(Filters.fromJson("").isEmpty());
    }

    @Test
    void malformedJsonAndUnknownKeysAreInvalidArguments() {
        InvalidArgumentException bad = assertThrows(InvalidArgumentException.class, () -> Filters.fromJson("{label"));
        assertTrue(bad.getMessage().startsWith("invalid filter"), bad.getMessage());
        assertThrows(InvalidArgumentException.class, () -> Filters.fromJson("[\"x\"]"));
        InvalidArgumentException unknown = assertThrows(InvalidArgumentException.class,
                () -> Filters.fromJson("{\"colour\":[\"red\"]}").accept(Set.of("label")));
        assertEquals("invalid filter 'colour'", unknown.getMessage());
        InvalidArgumentException noEquals = assertThrows(InvalidArgumentException.class, () -> Filters.fromArgs(List.of("label")));
        assertEquals("bad format of filter (expected name=value)", noEquals.getMessage());
    }

    @Test
    void labelsMustAllMatchAndExcludedOnesMustNot() {
        Map<String, String> labels = Map.of("app", "web", "tier", "front");
        assertTrue(Filters.fromArgs(List.of("label=app", "label=tier=front")).labelsMatch(labels));
        assertFalse(Filters.fromArgs(List.of("label=app", "label=tier=back")).labelsMatch(labels));
        assertFalse(Filters.fromArgs(List.of("label=app=we")).labelsMatch(labels));
        assertFalse(Filters.fromArgs(List.of("label!=tier")).labelsMatch(labels));
        assertTrue(Filters.fromArgs(List.of("label!=tier=back")).labelsMatch(labels));
        assertFalse(Filters.fromArgs(List.of("label=app")).labelsMatch(Map.of()));
    }

    @Test
    void valuesOfOneKeyAreAlternativesAndNamesAreRegularExpressions() {
        Filters f = Filters.fromArgs(List.of("name=^web", "name=db$"));
        assertTrue(f.nameMatches("name", "web-1"));
        assertTrue(f.nameMatches("name", "maindb"));
        assertFalse(f.nameMatches("name", "a-web"));
        assertTrue(Filters.fromArgs(List.of("name=/web")).nameMatches("name", "web"));
    }

    @Test
    void untilTakesUnixSecondsRfc3339AndDurations() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), Filters.instant("1700000000.5", now));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), Filters.instant("2026-01-01T00:00:00Z", now));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), Filters.instant("2026-01-01", now));
        assertEquals(now.minusSeconds(5400), Filters.instant("1h30m", now));
        Filters until = Filters.fromArgs(List.of("until=10m"));
        assertTrue(until.createdUntil(Instant.now().minusSeconds(3600), Instant.now()));
        assertFalse(until.createdUntil(Instant.now().minusSeconds(60), Instant.now()));
        assertThrows(InvalidArgumentException.class, () -> Filters.instant("yesterday", now));
    }

    @Test
    void booleansAcceptDockersSpellings() {
        assertEquals(true, Filters.fromArgs(List.of("dangling=1")).bool("dangling").orElseThrow());
        assertEquals(false, Filters.fromArgs(List.of("dangling=false")).bool("dangling").orElseThrow());
        assertTrue(Filters.none().bool("dangling").isEmpty());
        assertThrows(InvalidArgumentException.class, () -> Filters.fromArgs(List.of("dangling=maybe")).bool("dangling"));
    }
}
