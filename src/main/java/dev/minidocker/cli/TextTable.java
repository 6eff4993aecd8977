package dev.minidocker.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns the way Docker's tabwriter lays them out: each cell but a row's last padded to its
 * column's widest cell plus 3, at least 10, widths in characters (code points: "…" is one); the
 * table of every list verb (ps, images, network ls, ...) and of their {@code --format 'table ...'}.
 */
public final class TextTable {
    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(header);
    }

    public void add(String... row) {
        rows.add(row);
    }

    public String render() {
        return layout(rows);
    }

    /** {@code rows} laid out; rows may have different numbers of cells (a template's tab-separated lines). */
    static String layout(List<String[]> rows) {
        int cols = 0;
        for (String[] r : rows) cols = Math.max(cols, r.length);
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < r.length - 1; c++) width[c] = Math.max(width[c], Math.max(MIN_WIDTH, length(r[c]) + PADDING));
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                line.append(r[c]);
                if (c < r.length - 1) line.append(" ".repeat(width[c] - length(r[c])));
            }
            out.append(line).append('\n'); // an empty last cell keeps the padding before it, as docker's tabwriter
        }
        return out.toString();
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
