package dev.minidocker.api.engine;

import dev.minidocker.api.model.ProgressMessage;
import dev.minidocker.image.Digest;
import dev.minidocker.image.store.PullProgress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pull's progress as Docker's JSON lines. The "Pulling from" header goes out just before the
 * first layer line, that is once the manifest was found. Byte counts are sent at most every
 * 100 ms per layer: the client redraws its own bars from them.
 */
final class PullProgressLines implements PullProgress {
    private static final long MIN_INTERVAL_NANOS = 100_000_000L;
    private final JsonLineStream out;
    private final String header;
    private final String headerId;
    private final Map<Digest, Long> lastSent = new ConcurrentHashMap<>();
    private boolean headerSent;

    PullProgressLines(JsonLineStream out, String headerId, String header) {
        this.out = out;
        this.headerId = headerId;
        this.header = header;
    }

    @Override
    public void status(Digest layer, String status) {
        send(ProgressMessage.status(layer.shortHex(), status));
    }

    @Override
    public void downloading(Digest layer, long done, long total) {
        long now = System.nanoTime();
        Long last = lastSent.get(layer);
        if (last != null && now - last < MIN_INTERVAL_NANOS && done != total) return;
        lastSent.put(layer, now);
        send(ProgressMessage.downloading(layer.shortHex(), done, total));
    }

    @Override
    public void message(String line) {
        send(new ProgressMessage(line, null, null, null, null));
    }

    synchronized void send(ProgressMessage m) {
        if (!headerSent) {
            headerSent = true;
            out.write(new ProgressMessage(header, null, headerId, null, null));
        }
        out.write(m);
    }
}
