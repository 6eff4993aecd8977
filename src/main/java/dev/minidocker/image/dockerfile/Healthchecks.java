package dev.minidocker.image.dockerfile;

import dev.minidocker.InvalidArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HEALTHCHECK's argument as Docker's config keeps it: {@code NONE} is {@code {"Test":["NONE"]}};
 * otherwise the flags (--interval, --timeout, --start-period, --start-interval as Go durations,
 * kept in nanoseconds; --retries) then {@code CMD} in JSON form ("CMD", args...) or shell form
 * ("CMD-SHELL", text).
 */
final class Healthchecks {
    private Healthchecks() {
    }

    static Map<String, Object> parse(String rest) {
        String text = rest.strip();
        Map<String, Object> out = new LinkedHashMap<>();
        if (text.equalsIgnoreCase("NONE")) {
            out.put("Test", List.of("NONE"));
            return out;
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        while (text.startsWith("--")) {
            int end = text.indexOf(' ');
            if (end < 0) throw new InvalidArgumentException("HEALTHCHECK requires a CMD");
            String flag = text.substring(2, end);
            text = text.substring(end).strip();
            int eq = flag.indexOf('=');
            if (eq < 0) throw new InvalidArgumentException("HEALTHCHECK flag --" + flag + " needs a value");
            String name = flag.substring(0, eq), value = flag.substring(eq + 1);
            switch (name) {
                case "interval" -> flags.put("Interval", nanos(name, value));
                case "timeout" -> flags.put("Timeout", nanos(name, value));
                case "start-period" -> flags.put("StartPeriod", nanos(name, value));
                case "start-interval" -> flags.put("StartInterval", nanos(name, value));
                case "retries" -> {
                    int r = Integer.parseInt(value);
                    if (r < 0) throw new InvalidArgumentException("--retries cannot be negative (" + r + ")");
                    flags.put("Retries", r);
                }
                default -> throw new InvalidArgumentException("Unknown flag: " + name);
            }
        }
        String[] parts = text.split("\\s+", 2);
        if (!parts[0].equalsIgnoreCase("CMD")) {
            throw new InvalidArgumentException("Unknown type \"" + parts[0] + "\" in HEALTHCHECK (try CMD)");
        }
        Instruction cmd = new InstructionParser().parse("CMD " + (parts.length > 1 ? parts[1] : ""));
        if (cmd.rest().isEmpty()) throw new InvalidArgumentException("Missing command after HEALTHCHECK CMD");
        List<String> test = new ArrayList<>();
        if (cmd.json()) {
            test.add("CMD");
            test.addAll(cmd.args());
        } else {
            test.add("CMD-SHELL");
            test.add(cmd.rest());
        }
        out.put("Test", test);
        out.putAll(flags);
        return out;
    }

    /** A Go duration ("30s", "1m30s", "500ms", "1h") in nanoseconds. */
    static long nanos(String flag, String value) {
        var m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)").matcher(value);
        double total = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            total += n * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            at = m.end();
        }
        if (at != value.length() || value.isEmpty()) {
            throw new InvalidArgumentException("invalid value \"" + value + "\" for flag --" + flag + ": time: invalid duration");
        }
        return (long) total;
    }
}
