package dev.minidocker.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.InvalidArgumentException;
import dev.minidocker.json.Json;
import dev.minidocker.model.GoDuration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Docker's filters, the one implementation every list and prune uses (Engine API {@code filters=}
 * JSON and the CLI's {@code -f key=value}): keys map to alternatives; different keys must all
 * match, the values of one key are alternatives (except {@code label}, whose values must all match,
 * and {@code label!}, none of whose may). Each area says which keys it accepts
 * ({@link #accept}); what a key means for a container, image or network is its filter class's
 * (engine/container/ContainerFilter, ...), built on the primitives here.
 */
public final class Filters {
    private static final Filters NONE = new Filters(Map.of());
    private final Map<String, List<String>> byKey;

    private Filters(Map<String, List<String>> byKey) {
        this.byKey = byKey;
    }

    public static Filters none() {
        return NONE;
    }

    /**
     * The API's {@code filters} query: {@code {"label":["a=b"]}} or the older {@code {"label":{"a=b":true}}};
     * null or empty is none. Malformed JSON is an invalid argument (400), as in Docker.
     */
    public static Filters fromJson(String json) {
        if (json == null || json.isBlank()) return NONE;
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("invalid filter: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new InvalidArgumentException("invalid filter: not a JSON object");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            List<String> values = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                for (JsonNode x : v) values.add(x.asText());
            } else if (v.isObject()) {
                for (Map.Entry<String, JsonNode> x : v.properties()) if (x.getValue().asBoolean(true)) values.add(x.getKey());
            } else {
                throw new InvalidArgumentException("invalid filter: the values of '" + e.getKey() + "' are not a list");
            }
            out.put(e.getKey(), List.copyOf(values));
        }
        return new Filters(out);
    }

    /** The CLI's {@code -f key=value} arguments ({@code label!=k=v} is key {@code label!}). */
    public static Filters fromArgs(List<String> args) {
        if (args == null || args.isEmpty()) return NONE;
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String f : args) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw new InvalidArgumentException("bad format of filter (expected name=value)");
            out.computeIfAbsent(f.substring(0, eq), k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
        return new Filters(out);
    }

    /** This, when every key is one of {@code accepted}; else Docker's "invalid filter 'x'". */
    public Filters accept(Set<String> accepted) {
        for (String key : byKey.keySet()) {
            if (!accepted.contains(key)) throw new InvalidArgumentException("invalid filter '" + key + "'");
        }
        return this;
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public boolean has(String key) {
        return byKey.containsKey(key);
    }

    public List<String> values(String key) {
        return byKey.getOrDefault(key, List.of());
    }

    /** True when the key is absent or any of its values passes. */
    public boolean any(String key, Predicate<String> test) {
        List<String> values = byKey.get(key);
        if (values == null || values.isEmpty()) return true;
        for (String v : values) if (test.test(v)) return true;
        return false;
    }

    /** The {@code name} filter's test: Docker matches a regular expression anywhere in the name. */
    public boolean nameMatches(String key, String name) {
        return any(key, v -> {
            String wanted = v.startsWith("/") ? v.substring(1) : v;
            try {
                return Pattern.compile(wanted).matcher(name).find();
            } catch (PatternSyntaxException notARegex) {
                return name.contains(wanted);
            }
        });
    }

    /** {@code label=k} / {@code label=k=v} all match and no {@code label!=k[=v]} does. */
    public boolean labelsMatch(Map<String, String> labels) {
        for (String want : values("label")) if (!hasLabel(labels, want)) return false;
        for (String unwanted : values("label!")) if (hasLabel(labels, unwanted)) return false;
        return true;
    }

    private static boolean hasLabel(Map<String, String> labels, String spec) {
        int eq = spec.indexOf('=');
        if (eq < 0) return labels.containsKey(spec);
        String value = labels.get(spec.substring(0, eq));
        return value != null && value.equals(spec.substring(eq + 1));
    }

    /** {@code dangling=true|false} (also 1/0): empty when absent; anything else is invalid. */
    public java.util.Optional<Boolean> bool(String key) {
        List<String> values = values(key);
        if (values.isEmpty()) return java.util.Optional.empty();
        Boolean result = null;
        for (String v : values) {
            boolean b = switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw new InvalidArgumentException("invalid filter '" + key + "=" + v + "'");
            };
            if (result != null && result != b) throw new InvalidArgumentException("invalid filter '" + key + "': conflicting values");
            result = b;
        }
        return java.util.Optional.of(result);
    }

    /** {@code until=T}: passes when {@code created} is before every given instant (absent: true). */
    public boolean createdUntil(Instant created, Instant now) {
        for (String v : values("until")) if (!created.isBefore(instant(v, now))) return false;
        return true;
    }

    /**
     * A time as Docker's filters take it: Unix seconds (with a fraction), RFC 3339, a date and time
     * without a zone (UTC), a date, or a duration back from now ({@code 10m}, {@code 1h30m}).
     */
    public static Instant instant(String v, Instant now) {
        String s = v.trim();
        try {
            if (s.matches("\\d+(\\.\\d+)?")) {
                int dot = s.indexOf('.');
                long seconds = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
                long nanos = dot < 0 ? 0 : Long.parseLong((s.substring(dot + 1) + "000000000").substring(0, 9));
                return Instant.ofEpochSecond(seconds, nanos);
            }
            if (s.matches("(\\d+(\\.\\d+)?(ns|us|ms|s|m|h))+")) return now.minus(GoDuration.parse(s));
            if (s.matches("\\d{4}-\\d{2}-\\d{2}")) return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (s.matches("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+")) return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidArgumentException("invalid filter: cannot parse time '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return byKey.toString();
    }
}
