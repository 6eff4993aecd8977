package dev.minidocker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker events}: the daemon's events (they are the daemon's: it is started if need be),
 * one line each as docker prints them: time, type, action, id, (attributes); or each as JSON, or
 * through a Go template, with {@code --format}.
 */
@Command(name = "events", description = "Get real time events from the daemon.")
public final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = "--since", description = "Show all events created since timestamp.")
    String since;
    @Option(names = "--until", description = "Stream events until this timestamp.")
    String until;
    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided.")
    List<String> filters = new ArrayList<>();
    @Option(names = "--format", paramLabel = "TEMPLATE",
            description = "Format the output: 'json' (one event per line as the API sends it) or a Go template ({{.Action}}, {{.Actor.ID}}, ...).")
    String format;

    @Override
    public Integer call() {
        DaemonClient.ensureRunning(parent.global.root()).lines("GET", "/events" + query(), line -> {
            if (line.isBlank()) return;
            try {
                JsonNode event = Json.MAPPER.readTree(line);
                if (format == null || format.isEmpty()) System.out.println(format(event));
                else if (format.equals("json")) System.out.println(Json.MAPPER.writeValueAsString(event));
                else System.out.println(InspectTemplate.render(format, event));
            } catch (IOException e) {
                throw new dev.minidocker.MiniDockerException("unreadable event from the daemon: " + line);
            }
            System.out.flush();
        });
        return 0;
    }

    private String query() {
        List<String> parts = new ArrayList<>();
        if (since != null) parts.add("since=" + encode(since));
        if (until != null) parts.add("until=" + encode(until));
        if (!filters.isEmpty()) {
            Map<String, List<String>> byKey = new LinkedHashMap<>();
            for (String f : filters) {
                int eq = f.indexOf('=');
                if (eq <= 0) throw new dev.minidocker.InvalidArgumentException("bad format of filter (expected name=value)");
                byKey.computeIfAbsent(f.substring(0, eq), k -> new ArrayList<>()).add(f.substring(eq + 1));
            }
            try {
                parts.add("filters=" + encode(Json.MAPPER.writeValueAsString(byKey)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** docker's line: {@code 2024-01-02T03:04:05.123456789Z container start ID (image=busybox, name=x)}. */
    static String format(JsonNode e) {
        long nanos = e.path("timeNano").asLong();
        Instant at = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        Map<String, String> attributes = new TreeMap<>();
        e.path("Actor").path("Attributes").properties().forEach(a -> attributes.put(a.getKey(), a.getValue().asText()));
        List<String> pairs = new ArrayList<>();
        attributes.forEach((k, v) -> pairs.add(k + "=" + v));
        return at + " " + e.path("Type").asText() + " " + e.path("Action").asText() + " "
                + e.path("Actor").path("ID").asText() + (pairs.isEmpty() ? "" : " (" + String.join(", ", pairs) + ")");
    }
}
