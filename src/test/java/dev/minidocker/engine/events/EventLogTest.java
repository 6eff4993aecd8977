package dev.minidocker.engine.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.engine.Filters;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private final EventLog log = new EventLog(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void eventsGetStrictlyIncreasingTimesAndSinceReplaysFromThere() throws Exception {
        log.publish("container", "create", "c1", Map.of("name", "a"));
        log.publish("container", "start", "c1", Map.of("name", "a"));
        List<Event> all = log.between(null, Instant.parse("2026-01-02T00:00:00Z"));
        assertEquals(2, all.size());
        assertTrue(all.get(1).time().isAfter(all.get(0).time()), "same clock reading, still ordered");
        try (EventLog.Subscription s = log.subscribe(all.get(1).time())) {
            assertEquals("start", s.next(0).action());
            assertNull(s.next(0));
            log.publish("network", "create", "n1", Map.of("name", "net"));
            assertEquals("network", s.next(0).type());
        }
        try (EventLog.Subscription live = log.subscribe(null)) {
            assertNull(live.next(0), "without since only what comes");
        }
    }

    @Test
    void filtersMatchDockersKeys() {
        Event die = new Event("container", "die", "abcdef123", Map.of("name", "web", "image", "busybox", "app", "x",
                "exitCode", "0"), Instant.EPOCH);
        Event net = new Event("network", "create", "n1", Map.of("name", "web"), Instant.EPOCH);
        assertTrue(filter("{\"type\":[\"container\"],\"event\":[\"die\"]}").test(die));
        assertTrue(filter("{\"container\":[\"abc\"]}").test(die));
        assertTrue(filter("{\"container\":[\"web\"]}").test(die));
        assertTrue(!filter("{\"container\":[\"web\"]}").test(net), "a container filter passes only container events");
        assertTrue(filter("{\"image\":[\"busybox\"],\"label\":[\"app=x\"]}").test(die));
        assertTrue(!filter("{\"label!\":[\"app\"]}").test(die));
        assertTrue(filter("{\"network\":[\"web\"]}").test(net));
        InvalidArgumentException bad = assertThrows(InvalidArgumentException.class, () -> filter("{\"colour\":[\"red\"]}"));
        assertEquals("invalid filter 'colour'", bad.getMessage());
    }

    private static EventFilter filter(String json) {
        return new EventFilter(Filters.fromJson(json));
    }
}
