package dev.minidocker.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.InvalidArgumentException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's HostConfig.LogConfig: the logging driver and its options. mini-docker has Docker's
 * default driver, json-file, with its rotation options: {@code max-size} (the log is rotated once
 * it reaches that many bytes) and {@code max-file} (how many files are kept, the live one
 * included; default 1, that is truncation), and {@code none} (no log: logs refuses, as Docker's;
 * attach still follows the live output). Other drivers and options are refused in Docker's words.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {
    public static final String JSON_FILE = "json-file";
    public static final String NONE = "none";
    /** Docker's answer to logs of a container whose driver keeps nothing. */
    public static final String NOT_READABLE = "configured logging driver does not support reading";
    public static final LogConfig DEFAULT = new LogConfig(JSON_FILE, Map.of());

    public LogConfig {
        type = type == null || type.isEmpty() ? JSON_FILE : type;
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** From {@code --log-driver} (null: json-file) and {@code --log-opt K=V} values. */
    public static LogConfig fromFlags(String driver, Iterable<String> options) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new InvalidArgumentException("invalid key value pair format in log options: " + o);
            config.put(o.substring(0, eq), o.substring(eq + 1));
        }
        return new LogConfig(driver, config);
    }

    /** Checks the driver and its options (Docker's messages); returns this. */
    public LogConfig validated() {
        if (type.equals(NONE)) {
            if (!config.isEmpty()) {
                throw new InvalidArgumentException("unknown log opt '" + config.keySet().iterator().next() + "' for none log driver");
            }
            return this;
        }
        if (!type.equals(JSON_FILE)) {
            throw new InvalidArgumentException("logging driver \"" + type + "\" is not supported (mini-docker has json-file and none)");
        }
        for (String key : config.keySet()) {
            if (!key.equals("max-size") && !key.equals("max-file")) {
                throw new InvalidArgumentException("unknown log opt '" + key + "' for json-file log driver");
            }
        }
        maxSize();
        if (maxFiles() < 1) throw new InvalidArgumentException("max-file cannot be less than 1");
        if (config.containsKey("max-file") && maxSize() < 0) {
            throw new InvalidArgumentException("max-file can only be used with max-size");
        }
        return this;
    }

    /** Whether logs can read the output back (the none driver keeps none). */
    public boolean keepsOutput() {
        return !type.equals(NONE);
    }

    /** Bytes after which the log is rotated; -1 when it is never rotated. */
    public long maxSize() {
        String v = config.get("max-size");
        if (v == null || v.isEmpty() || v.equals("-1")) return -1;
        long bytes = Sizes.parse(v);
        if (bytes <= 0) throw new InvalidArgumentException("max-size must be a positive number");
        return bytes;
    }

    /** How many files are kept, the live one included. */
    public int maxFiles() {
        String v = config.get("max-file");
        if (v == null || v.isEmpty()) return 1;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid value for max-file: " + v);
        }
    }

    /** go-units' FromHumanSize, as the json-file driver reads max-size: decimal units ("10m" is 10^7 bytes). */
    static final class Sizes {
        private Sizes() {}

        static long parse(String v) {
            String s = v.strip().toLowerCase(java.util.Locale.ROOT);
            int i = 0;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
            if (i == 0) throw new InvalidArgumentException("invalid size: '" + v + "'");
            double n;
            try {
                n = Double.parseDouble(s.substring(0, i));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("invalid size: '" + v + "'");
            }
            String unit = s.substring(i).strip();
            if (unit.endsWith("b")) unit = unit.substring(0, unit.length() - 1);
            long mult = switch (unit) {
                case "" -> 1L;
                case "k" -> 1000L;
                case "m" -> 1000_000L;
                case "g" -> 1000_000_000L;
                case "t" -> 1000_000_000_000L;
                default -> throw new InvalidArgumentException("invalid size: '" + v + "'");
            };
            return (long) (n * mult);
        }
    }
}
