package dev.minidocker.api.engine;

import dev.minidocker.api.model.ProgressMessage;
import dev.minidocker.engine.image.PullListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pull's progress as Docker's JSON lines. The "Pulling from" header goes out just before the
 * first layer line, that is once the manifest was found. Byte counts are sent at most every
 * 100 ms per layer: the client redraws its own bars from them.
 */
final class PullProgressLines implements PullListener {
    private static final long MIN_INTERVAL_NANOS = 100_000_000L;
    private final JsonLineStream out;
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private String header;
    private String headerId;
    private boolean headerSent;

    PullProgressLines(JsonLineStream out) {
        this.out = out;
    }

    @Override
    public synchronized void manifestFound(String tagOrDigest, String repository) {
        headerId = tagOrDigest;
        header = "Pulling from " + repository;
    }

    @Override
    public void status(String layer, String status) {
        send(ProgressMessage.status(layer, status));
    }

    @Override
    public void downloading(String layer, long done, long total) {
        long now = System.nanoTime();
        Long last = lastSent.get(layer);
        if (last != null && now - last < MIN_INTERVAL_NANOS && done != total) return;
        lastSent.put(layer, now);
        send(ProgressMessage.downloading(layer, done, total));
    }

    @Override
    public void message(String line) {
        send(new ProgressMessage(line, null, null, null, null));
    }

    synchronized void send(ProgressMessage m) {
        if (!headerSent && header != null) {
            headerSent = true;
            out.write(new ProgressMessage(header, null, headerId, null, null));
        }
        out.write(m);
    }
}
