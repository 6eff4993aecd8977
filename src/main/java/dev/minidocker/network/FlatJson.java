package dev.minidocker.network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON that {@code run} reads and writes on its critical path, without Jackson: the first
 * Jackson (de)serialization of a new type in a process costs 30-200 ms of class initialization and
 * introspection on a loaded 2-core machine, more than the whole network setup. Reads flat objects
 * whose values are strings, numbers or booleans (a network config) and writes an endpoint in the
 * shape Jackson reads back. Everything else uses Jackson.
 */
final class FlatJson {
    private FlatJson() {}

    /** The top-level members of a flat object; nested values are skipped. Null if it is not one. */
    static Map<String, String> read(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        int[] at = {skip(json, 0)};
        if (at[0] >= json.length() || json.charAt(at[0]) != '{') return null;
        at[0]++;
        while (true) {
            at[0] = skip(json, at[0]);
            if (at[0] >= json.length()) return null;
            char c = json.charAt(at[0]);
            if (c == '}') return m;
            if (c == ',') { at[0]++; continue; }
            if (c != '"') return null;
            String key = string(json, at);
            at[0] = skip(json, at[0]);
            if (at[0] >= json.length() || json.charAt(at[0]) != ':') return null;
            at[0] = skip(json, at[0] + 1);
            if (at[0] >= json.length()) return null;
            c = json.charAt(at[0]);
            if (c == '"') {
                m.put(key, string(json, at));
            } else if (c == '{' || c == '[') {
                return null; // not flat: let Jackson read it
            } else {
                int end = at[0];
                while (end < json.length() && ",} \n\r\t".indexOf(json.charAt(end)) < 0) end++;
                String literal = json.substring(at[0], end);
                if (!literal.equals("null")) m.put(key, literal);
                at[0] = end;
            }
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** A string starting at at[0] (the opening quote); at[0] ends after the closing quote. */
    private static String string(String s, int[] at) {
        StringBuilder b = new StringBuilder();
        int i = at[0] + 1;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                at[0] = i;
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        throw new IllegalArgumentException("unterminated JSON string");
    }

    static String quote(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    /** An endpoint as Jackson would write it (same names), for Jackson to read back. */
    static String endpoint(Endpoint e) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"Network\" : ").append(quote(e.network())).append(",\n");
        b.append("  \"Bridge\" : ").append(quote(e.bridge())).append(",\n");
        b.append("  \"IPAddress\" : ").append(quote(e.address())).append(",\n");
        b.append("  \"IPPrefixLen\" : ").append(e.prefix()).append(",\n");
        b.append("  \"HostVeth\" : ").append(quote(e.hostVeth())).append(",\n");
        b.append("  \"Name\" : ").append(quote(e.name())).append(",\n");
        b.append("  \"Hostname\" : ").append(quote(e.hostname())).append(",\n");
        b.append("  \"Ports\" : [");
        List<PortBinding> ports = e.ports();
        for (int i = 0; i < ports.size(); i++) {
            PortBinding p = ports.get(i);
            b.append(i == 0 ? " " : ", ").append("{ \"HostIp\" : ").append(quote(p.hostIp()))
                    .append(", \"HostPort\" : ").append(p.hostPort())
                    .append(", \"ContainerPort\" : ").append(p.containerPort())
                    .append(", \"Protocol\" : ").append(quote(p.protocol())).append(" }");
        }
        b.append(ports.isEmpty() ? "],\n" : " ],\n");
        b.append("  \"PortTable\" : ").append(quote(e.portTable())).append("\n}");
        return b.toString();
    }
}
