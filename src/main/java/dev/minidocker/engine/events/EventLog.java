package dev.minidocker.engine.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's event bus: the services publish what they did, {@code /events} replays the recent
 * past (Docker keeps the last events in memory too, none across restarts) and follows what comes.
 * Publishing never blocks: a subscriber that does not keep up loses its oldest events.
 */
public final class EventLog {
    /** How many past events {@code since} can reach (dockerd keeps 256). */
    static final int KEPT = 1024;
    private static final int SUBSCRIBER_BACKLOG = 4096;

    private final Clock clock;
    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private Instant last = Instant.EPOCH;

    public EventLog(Clock clock) {
        this.clock = clock;
    }

    /** Records an event now (a strictly later time than the one before, so since/until are exact). */
    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        Event e;
        synchronized (this) {
            Instant now = clock.instant();
            if (!now.isAfter(last)) now = last.plusNanos(1);
            last = now;
            e = new Event(type, action, actorId, attributes, now);
            recent.addLast(e);
            if (recent.size() > KEPT) recent.removeFirst();
            for (Subscription s : subscribers) s.offer(e);
        }
    }

    /** The kept events from {@code since} (inclusive) on, and every later one through the subscription. */
    public synchronized Subscription subscribe(Instant since) {
        Subscription s = new Subscription();
        if (since != null) for (Event e : recent) if (!e.time().isBefore(since)) s.offer(e);
        subscribers.add(s);
        return s;
    }

    /** The kept events in [{@code since}, {@code until}]. */
    public synchronized List<Event> between(Instant since, Instant until) {
        List<Event> out = new ArrayList<>();
        for (Event e : recent) {
            if ((since == null || !e.time().isBefore(since)) && !e.time().isAfter(until)) out.add(e);
        }
        return out;
    }

    public Instant now() {
        return clock.instant();
    }

    /** A follower's queue; close it when the follower goes. */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

        private void offer(Event e) {
            if (queue.size() >= SUBSCRIBER_BACKLOG) queue.poll();
            queue.offer(e);
        }

        /** The next event, or null after {@code millis} without one. */
        public Event next(long millis) throws InterruptedException {
            return queue.poll(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }
}
