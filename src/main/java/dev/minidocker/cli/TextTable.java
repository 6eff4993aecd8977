package dev.minidocker.cli;

import java.util.ArrayList;
import java.util.List;

/** Columns the way Docker's tabwriter lays them out: min width 10, 3 spaces of padding. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(header);
    }

    public void add(String... row) {
        rows.add(row);
    }

    public String render() {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols - 1; c++) width[c] = Math.max(width[c], Math.max(10, r[c].length() + 3));
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(r[c]);
                if (c < cols - 1) line.append(" ".repeat(width[c] - r[c].length()));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
