package dev.minidocker.image.store;

import dev.minidocker.image.Digest;
import java.util.ArrayList;
import java.util.List;

/** Collects a push's progress as docker would print it ("abc123def456: Pushed", whole lines). */
final class RecordingPushProgress implements PushProgress {
    final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void status(Digest layer, String status) {
        lines.add(layer.shortHex() + ": " + status);
    }

    @Override
    public void pushing(Digest layer, long done, long total) {}

    @Override
    public synchronized void message(String line) {
        lines.add(line);
    }

    synchronized List<String> statuses(Digest layer) {
        return lines.stream().filter(l -> l.startsWith(layer.shortHex() + ": ")).map(l -> l.substring(14)).toList();
    }

    synchronized long count(String status) {
        return lines.stream().filter(l -> l.endsWith(": " + status)).count();
    }
}
