package dev.minidocker.cli;

import dev.minidocker.engine.HumanUnits;
import dev.minidocker.engine.container.ContainerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    /** Docker's Ellipsis: at most {@code max} characters, the last one "…" when cut. */
    static String ellipsis(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
