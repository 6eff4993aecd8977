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

/**
 * The text of {@code ps}: Docker's columns, truncation and "Up 3 seconds" style statuses. Its
 * table is docker's default format, {@code table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}
 * \t{{.Status}}\t{{.Ports}}\t{{.Names}}}, over the same {@link #fields} that {@code --format} reads.
 */
final class PsTable {
    /** The fields of docker's default table, in its order. */
    private static final List<String> COLUMNS = List.of("ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names");
    private static final int COMMAND_WIDTH = 20;

    /** The column titles of {@code ps --format 'table ...'}, by docker's field names. */
    static final Map<String, String> FIELD_HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"), Map.entry("Image", "IMAGE"),
            Map.entry("Command", "COMMAND"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"),
            Map.entry("Ports", "PORTS"), Map.entry("Status", "STATUS"), Map.entry("Size", "SIZE"), Map.entry("Names", "NAMES"),
            Map.entry("Labels", "LABELS"), Map.entry("Mounts", "MOUNTS"), Map.entry("Networks", "NETWORKS"),
            Map.entry("State", "STATE"));

    private PsTable() {}

    static String render(List<ContainerEntry> rows, boolean noTrunc, Instant now) {
        return render(rows, noTrunc, now, null);
    }

    /** With {@code sizes} (ps -s: id to its writable layer's size and its whole root filesystem's), a SIZE column. */
    static String render(List<ContainerEntry> rows, boolean noTrunc, Instant now, Map<String, long[]> sizes) {
        List<String> columns = new ArrayList<>(COLUMNS);
        if (sizes != null) columns.add("Size");
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(FIELD_HEADERS::get).toArray(String[]::new));
        for (ContainerEntry c : rows) {
            Map<String, String> f = fields(c, noTrunc, now, sizes);
            cells.add(columns.stream().map(f::get).toArray(String[]::new));
        }
        return TextTable.layout(cells);
    }

    /** One container as {@code ps} and {@code ps --format} see it: docker's field names and texts. */
    static Map<String, String> fields(ContainerEntry c, boolean noTrunc, Instant now, Map<String, long[]> sizes) {
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
        long[] size = sizes == null ? null : sizes.get(c.id());
        f.put("Size", size == null ? "0B" : HumanUnits.size(size[0]) + " (virtual " + HumanUnits.size(size[1]) + ")");
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
}
