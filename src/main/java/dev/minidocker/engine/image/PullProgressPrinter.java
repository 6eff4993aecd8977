package dev.minidocker.engine.image;

import dev.minidocker.engine.HumanUnits;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker pull}'s output. On a terminal: one line per layer, redrawn in place with ANSI
 * cursor moves ("Downloading [=====>    ] 1.2MB/3.4MB"). Otherwise: one plain line per state
 * change ("3f2a1b0c9d8e: Pull complete"), which is what Docker prints into a pipe or a log. The
 * header ("latest: Pulling from library/busybox") goes out once the registry found the manifest.
 */
public final class PullProgressPrinter implements PullListener {
    private static final int BAR = 50;
    private final PrintStream out;
    private final boolean terminal;
    private final List<String> order = new ArrayList<>();
    private final Map<String, String> lines = new HashMap<>();
    private final Map<String, String> lastStatus = new HashMap<>();

    private final String transfer;

    public PullProgressPrinter(PrintStream out, boolean terminal) {
        this(out, terminal, "Downloading");
    }

    /** @param transfer the word before a bar: "Downloading" (pull), "Pushing" (push) */
    public PullProgressPrinter(PrintStream out, boolean terminal, String transfer) {
        this.out = out;
        this.terminal = terminal;
        this.transfer = transfer;
    }

    @Override
    public synchronized void manifestFound(String tagOrDigest, String repository) {
        message(tagOrDigest + ": Pulling from " + repository);
    }

    @Override
    public synchronized void status(String layer, String status) {
        if (status.equals(lastStatus.put(layer, status))) return;
        show(layer, layer + ": " + status);
    }

    @Override
    public synchronized void downloading(String layer, long done, long total) {
        if (!terminal) return; // like Docker, a pipe gets no byte counts
        lastStatus.put(layer, transfer);
        show(layer, layer + ": " + transfer + " " + bar(done, total));
    }

    @Override
    public synchronized void message(String line) {
        out.println(line);
        out.flush();
    }

    private void show(String layer, String text) {
        if (!terminal) {
            out.println(text);
            out.flush();
            return;
        }
        if (!lines.containsKey(layer)) {
            order.add(layer);
            lines.put(layer, text);
            out.println(text);
        } else {
            if (text.equals(lines.put(layer, text))) return; // nothing visible changed
            int up = order.size() - order.indexOf(layer);
            // Up to the layer's line, clear it, write, and come back down.
            out.print("\033[" + up + "A\r\033[2K" + text + "\033[" + up + "B\r");
        }
        out.flush();
    }

    static String bar(long done, long total) {
        if (total <= 0) return HumanUnits.size(done);
        int filled = (int) Math.min(BAR, done * BAR / total);
        String b = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled == BAR ? "=" : ">") : "")
                + " ".repeat(BAR - filled);
        return "[" + b + "]  " + HumanUnits.size(done) + "/" + HumanUnits.size(total);
    }
}
