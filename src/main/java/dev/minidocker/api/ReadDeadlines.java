package dev.minidocker.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One thread for all connections that closes those whose read waited past its deadline (see
 * {@link TimedChannelInput}). Checking a thousand volatile fields a few times a second costs
 * nothing next to a timer per read.
 */
final class ReadDeadlines implements AutoCloseable {
    private final Set<TimedChannelInput> watched = ConcurrentHashMap.newKeySet();
    private final long intervalMillis;
    private final Thread checker;
    private volatile boolean closed;

    ReadDeadlines(HttpLimits limits) {
        this.intervalMillis = limits.checkInterval().toMillis();
        this.checker = Thread.ofPlatform().daemon().name("api-read-deadlines").stackSize(256 * 1024).unstarted(this::check);
        checker.start();
    }

    void watch(TimedChannelInput input) {
        watched.add(input);
    }

    void unwatch(TimedChannelInput input) {
        watched.remove(input);
    }

    private void check() {
        while (!closed) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (TimedChannelInput input : watched) {
                if (input.expireIfLate(now)) watched.remove(input);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        checker.interrupt();
    }
}
