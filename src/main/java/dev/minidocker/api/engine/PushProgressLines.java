package dev.minidocker.api.engine;

import dev.minidocker.api.model.ProgressMessage;
import dev.minidocker.engine.image.PullListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A push's progress as dockerd streams it: status lines per layer, "Pushing" with byte counts (at most every 100 ms). */
final class PushProgressLines implements PullListener {
    private static final long MIN_INTERVAL_NANOS = 100_000_000L;
    private final JsonLineStream out;
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();

    PushProgressLines(JsonLineStream out) {
        this.out = out;
    }

    @Override
    public void status(String layer, String status) {
        out.write(ProgressMessage.status(layer, status));
    }

    @Override
    public void downloading(String layer, long done, long total) {
        long now = System.nanoTime();
        Long last = lastSent.get(layer);
        if (last != null && now - last < MIN_INTERVAL_NANOS && done != total) return;
        lastSent.put(layer, now);
        out.write(new ProgressMessage("Pushing", new ProgressMessage.Detail(done, Math.max(total, 0)), layer, null, null));
    }

    @Override
    public void message(String line) {
        out.write(new ProgressMessage(line, null, null, null, null));
    }
}
