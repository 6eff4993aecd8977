package dev.minidocker.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Host-side look-ups for network tests: the bridges a store made, and command output. */
final class NetworkTestSupport {
    private NetworkTestSupport() {}

    static List<String> bridgesOf(Path root) throws IOException {
        List<String> bridges = new ArrayList<>();
        Path dir = root.resolve("networks");
        if (!Files.isDirectory(dir)) return bridges;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                String json = Files.readString(f);
                bridges.add(json.replaceAll("(?s).*\"Bridge\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
            }
        }
        return bridges;
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
