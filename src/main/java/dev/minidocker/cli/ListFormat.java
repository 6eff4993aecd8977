package dev.minidocker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --format} of the list verbs ({@code ps}, {@code images}, {@code network ls}, ...), as docker's
 * CLI reads it, and their default output (each verb's docker default, a {@code table} format): a Go
 * template run once per row ({@link InspectTemplate}), its {@code \t} and {@code \n} taken as tab and
 * newline; {@code table TEMPLATE}, which adds a header row (each field's column title) and lays
 * the tab-separated cells out in columns ({@link TextTable}, as {@code ps} does); or {@code json},
 * one object per row.
 * Each row is a map from docker's field names ({@code .ID}, {@code .Names}) to their text.
 */
final class ListFormat {
    private ListFormat() {}

    static String render(String format, List<Map<String, String>> rows, Map<String, String> headers) {
        if (format.strip().equals("json")) return json(rows);
        boolean table = format.startsWith("table");
        String template = (table ? format.substring("table".length()) : format).strip()
                .replace("\\t", "\t").replace("\\n", "\n");
        if (table && template.isEmpty()) throw new MiniDockerException("--format table needs a template after it");
        List<String> lines = new ArrayList<>();
        if (table) lines.add(InspectTemplate.render(template, Json.MAPPER.valueToTree(headers)));
        for (Map<String, String> row : rows) lines.add(InspectTemplate.render(template, Json.MAPPER.valueToTree(row)));
        if (!table) return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        List<String[]> cells = new ArrayList<>();
        for (String line : lines) cells.add(line.split("\t", -1));
        return TextTable.layout(cells);
    }

    private static String json(List<Map<String, String>> rows) {
        StringBuilder out = new StringBuilder();
        try {
            for (Map<String, String> row : rows) out.append(Json.MAPPER.writeValueAsString(row)).append('\n');
        } catch (JsonProcessingException e) {
            throw new MiniDockerException("--format json: " + e.getOriginalMessage(), e);
        }
        return out.toString();
    }

}
