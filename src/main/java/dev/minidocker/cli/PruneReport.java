package dev.minidocker.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.List;

/** What docker's prune verbs print: the confirmation they ask for, and a section per kind of thing removed. */
final class PruneReport {
    private PruneReport() {}

    /** {@code warning}, then docker's question; only "y" (or "Y") goes on. */
    static boolean confirmed(String warning) throws IOException {
        System.out.print(warning + "\nAre you sure you want to continue? [y/N] ");
        System.out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }

    /** "Deleted Containers:", the ids one per line, a blank line; nothing when none was removed. */
    static void section(StringBuilder out, String title, List<String> removed) {
        if (removed.isEmpty()) return;
        out.append(title).append('\n');
        removed.forEach(r -> out.append(r).append('\n'));
        out.append('\n');
    }
}
