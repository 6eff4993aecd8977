package dev.minidocker.network;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Debian's {@code nft} with JSON input ({@code nft -j -f -}): every batch is one atomic
 * netlink transaction, as netavark does it. Each batch is a list of commands built with
 * {@link NftRules}.
 */
public final class Nft {
    private static final ObjectMapper JSON = Json.MAPPER;

    private Nft() {}

    /** Applies the commands atomically; fails with nft's own message. */
    public static void apply(List<ObjectNode> commands, String what) {
        if (commands.isEmpty()) return;
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode list = doc.putArray("nftables");
        commands.forEach(list::add);
        run(List.of("nft", "-j", "-f", "-"), doc.toString(), what);
    }

    /** The names of the ip-family tables that exist now. */
    public static List<String> tables() {
        String out = run(List.of("nft", "-j", "list", "tables", "ip"), null, "list nft tables");
        List<String> names = new ArrayList<>();
        try {
            for (JsonNode n : JSON.readTree(out).path("nftables")) {
                if (n.has("table")) names.add(n.get("table").path("name").asText());
            }
        } catch (IOException e) {
            throw new MiniDockerException("list nft tables: unreadable output: " + e.getMessage());
        }
        return names;
    }

    /** Whether the nft tool is there at all. */
    public static boolean available() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "nft"))) return true;
        }
        return false;
    }

    private static String run(List<String> command, String stdin, String what) {
        if (!available()) {
            throw new MiniDockerException(what + ": the nft tool is missing (apt-get install nftables)");
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new MiniDockerException(what + ": nft failed: " + out.strip().replace('\n', ' '));
            }
            return out;
        } catch (IOException e) {
            throw new MiniDockerException(what + ": cannot run nft: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MiniDockerException(what + ": interrupted");
        }
    }
}
