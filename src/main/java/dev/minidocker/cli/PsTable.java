package dev.minidocker.cli;

import dev.minidocker.engine.HumanUnits;
import dev.minidocker.engine.container.ContainerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The text of {@code ps}: Docker's columns, truncation and "Up 3 seconds" style statuses. */
final class PsTable {
    static final List<String> HEADER = List.of("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
    /** Docker's tabwriter: minimum cell width 10, padding 3. */
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;
    private static final int COMMAND_WIDTH = 20;

    private PsTable() {}

    static String render(List<ContainerEntry> rows, boolean noTrunc, Instant now) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        for (ContainerEntry c : rows) {
            String command = String.join(" ", c.argv());
            cells.add(List.of(noTrunc ? c.id() : c.shortId(),
                    c.imageRef() != null ? c.imageRef() : String.valueOf(c.imageId()),
                    "\"" + (noTrunc ? command : ellipsis(command, COMMAND_WIDTH)) + "\"",
                    HumanUnits.duration(Duration.between(Instant.parse(c.created()), now)) + " ago",
                    c.status().describe(now),
                    PsCommand.ports(c),
                    c.name()));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], Math.max(MIN_WIDTH, width(row.get(i)) + PADDING));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) line.append(" ".repeat(widths[i] - width(row.get(i))));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The column titles of {@code ps --format 'table ...'}, by docker's field names. */
    static final Map<String, String> FIELD_HEADERS = headers();

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ID", "CONTAINER ID");
        h.put("Image", "IMAGE");
        h.put("Command", "COMMAND");
        h.put("CreatedAt", "CREATED AT");
        h.put("RunningFor", "CREATED");
        h.put("Ports", "PORTS");
        h.put("Status", "STATUS");
        h.put("Size", "SIZE");
        h.put("Names", "NAMES");
        h.put("Labels", "LABELS");
        h.put("Mounts", "MOUNTS");
        h.put("Networks", "NETWORKS");
        h.put("State", "STATE");
        return h;
    }

    /** One container as {@code ps --format} sees it: docker's field names and the table's texts. */
    static Map<String, String> fields(ContainerEntry c, boolean noTrunc, Instant now) {
        String command = String.join(" ", c.argv());
        Instant created = Instant.parse(c.created());
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ID", noTrunc ? c.id() : c.shortId());
        f.put("Image", c.imageRef() != null ? c.imageRef() : String.valueOf(c.imageId()));
        f.put("Command", "\"" + (noTrunc ? command : ellipsis(command, COMMAND_WIDTH)) + "\"");
        f.put("CreatedAt", CREATED_AT.format(created));
        f.put("RunningFor", HumanUnits.duration(Duration.between(created, now)) + " ago");
        f.put("Ports", PsCommand.ports(c));
        f.put("Status", c.status().describe(now));
        f.put("Size", "0B");
        f.put("Names", c.name());
        List<String> labels = new ArrayList<>();
        new TreeMap<>(c.labels()).forEach((k, v) -> labels.add(k + "=" + v));
        f.put("Labels", String.join(",", labels));
        List<String> mounts = new ArrayList<>();
        for (String bind : c.binds()) mounts.add(bind.split(":", 2)[0]);
        f.put("Mounts", String.join(",", mounts));
        f.put("Networks", c.networkMode() == null ? "" : c.networkMode());
        f.put("State", c.status().status());
        return f;
    }

    /** Docker's CreatedAt: Go's time.Time as it prints ("2024-05-01 10:00:00 +0000 UTC"). */
    static final java.time.format.DateTimeFormatter CREATED_AT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z").withZone(java.time.ZoneId.systemDefault());

    /** Docker's Ellipsis: at most {@code max} characters, the last one "…" when cut. */
    static String ellipsis(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
