package dev.minidocker.api.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.api.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's table of served Engine API endpoints is rendered from the daemon's router, so it cannot
 * drift: this fails when they differ. To regenerate it after adding an endpoint:
 * {@code MINIDOCKER_WRITE_ENDPOINT_TABLE=1 mvn -q -o package -Dtest=EndpointTableTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
class EndpointTableTest {
    static final String BEGIN = "<!-- endpoint-table: generated from api/Router registrations by EndpointTableTest -->";
    static final String END = "<!-- end endpoint-table -->";
    private static final Path README = Path.of("README.md");

    @TempDir
    Path root;

    @Test
    void readmeListsExactlyTheRoutersEndpoints() throws Exception {
        String table;
        try (EngineApi api = new EngineApi(root)) {
            table = render(api.router());
        }
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN), end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md needs the markers " + BEGIN + " ... " + END);
        String current = readme.substring(begin + BEGIN.length(), end);
        if (System.getenv("MINIDOCKER_WRITE_ENDPOINT_TABLE") != null) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + table + readme.substring(end));
            return;
        }
        assertEquals(table, current, "README's endpoint table differs from the router; regenerate it: "
                + "MINIDOCKER_WRITE_ENDPOINT_TABLE=1 mvn -q -o package -Dtest=EndpointTableTest -Dsurefire.failIfNoSpecifiedTests=false");
    }

    /** One row per path, sorted, with its methods in registration order. */
    static String render(Router router) {
        Map<String, List<String>> byPath = new TreeMap<>();
        for (Router.Registration r : router.registrations()) {
            List<String> methods = byPath.computeIfAbsent(r.pattern(), k -> new ArrayList<>());
            if (!methods.contains(r.method())) methods.add(r.method());
        }
        StringBuilder out = new StringBuilder("\n| Path | Methods |\n|---|---|\n");
        byPath.forEach((path, methods) -> out.append("| `").append(path).append("` | ")
                .append(String.join(", ", methods)).append(" |\n"));
        return out.toString();
    }
}
