package dev.minidocker.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /minidocker/run}: what the daemon needs of the calling process to run
 * as it would have (its pid, for its stdio; its working directory and environment, for {@code -e K},
 * relative paths and MINIDOCKER_DEFAULT_FS). Written by hand: a cold Jackson costs more than the run.
 */
final class RemoteRunRequest {
    private RemoteRunRequest() {}

    static byte[] json(String verb, long pid, String cwd, List<String> args, Map<String, String> env) {
        StringBuilder b = new StringBuilder(256 + 64 * env.size());
        b.append("{\"verb\":");
        string(b, verb);
        b.append(",\"pid\":").append(pid).append(",\"cwd\":");
        string(b, cwd);
        b.append(",\"args\":[");
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) b.append(',');
            string(b, args.get(i));
        }
        b.append("],\"env\":[");
        boolean first = true;
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!first) b.append(',');
            first = false;
            string(b, e.getKey() + "=" + e.getValue());
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
