package dev.minidocker.api.engine;

import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.EventMessage;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.events.Event;
import dev.minidocker.engine.events.EventFilter;
import dev.minidocker.engine.events.EventLog;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /events}: the daemon's events as JSON lines. {@code since} replays the kept past;
 * without {@code until} the stream follows until the client goes, with it the stream ends when
 * {@code until} is reached (at once when it is past), as dockerd does.
 */
final class EventEndpoints {
    /** How often a follower with nothing to send looks at the clock (for until). */
    private static final long POLL_MILLIS = 500;
    private final EventLog events;

    EventEndpoints(EventLog events) {
        this.events = events;
    }

    void register(Router r) {
        r.get("/events", this::events);
    }

    private void events(ApiExchange ex) throws IOException {
        Instant now = events.now();
        String sinceArg = ex.request().query("since", ""), untilArg = ex.request().query("until", "");
        Instant since = sinceArg.isEmpty() ? null : Filters.instant(sinceArg, now);
        Instant until = untilArg.isEmpty() ? null : Filters.instant(untilArg, now);
        EventFilter filter = new EventFilter(Filters.fromJson(ex.request().query("filters", null)));
        try (EventLog.Subscription sub = events.subscribe(since);
             OutputStream out = ex.stream(200, "application/json")) {
            while (true) {
                Event e;
                try {
                    e = sub.next(0); // what is queued first: a past until still sends the replay
                    if (e == null) {
                        long left = until == null ? POLL_MILLIS
                                : Math.min(POLL_MILLIS, Duration.between(events.now(), until).toMillis());
                        if (left <= 0) break;
                        e = sub.next(left);
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (e == null) continue;
                if (until != null && e.time().isAfter(until)) break;
                if (!filter.test(e)) continue;
                out.write(Json.MAPPER.writeValueAsBytes(message(e)));
                out.write('\n');
                out.flush();
            }
        }
    }

    /** The wire shape: container and image events also carry the legacy status/id/from. */
    static EventMessage message(Event e) {
        boolean legacy = e.type().equals("container") || e.type().equals("image");
        long nanos = e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano();
        return new EventMessage(legacy ? e.action() : null, legacy ? e.actorId() : null,
                e.type().equals("container") ? e.attribute("image") : null, e.type(), e.action(),
                new EventMessage.Actor(e.actorId(), e.attributes()), "local", e.time().getEpochSecond(), nanos);
    }
}
