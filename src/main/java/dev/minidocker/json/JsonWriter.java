package dev.minidocker.json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for the paths that must not load Jackson (see {@link JsonValues} for the
 * reader and the measurements): the lean client of {@code run} writes its request with it, and
 * {@code run} writes the network endpoint file with it. Compact output; no lambdas, no reflection,
 * no string formatting (each of those links method handles on first use).
 *
 * <pre>{@code
 * JsonWriter w = new JsonWriter();
 * w.beginObject().name("pid").value(42).name("args").beginArray().value("ls").endArray().endObject();
 * }</pre>
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    /** Per open object or array: whether a value was written (the next one needs a comma). */
    private boolean[] written = new boolean[8];
    private int depth;
    private boolean afterName;

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        push();
        return this;
    }

    public JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        push();
        return this;
    }

    public JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    /** The next member's name; its value follows. */
    public JsonWriter name(String name) {
        separate();
        quote(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        separate();
        if (s == null) out.append("null");
        else quote(out, s);
        return this;
    }

    public JsonWriter value(long n) {
        separate();
        out.append(n);
        return this;
    }

    /** A boxed number, or null. */
    public JsonWriter value(Long n) {
        separate();
        if (n == null) out.append("null");
        else out.append(n.longValue());
        return this;
    }

    public JsonWriter value(boolean b) {
        separate();
        out.append(b);
        return this;
    }

    /** Strings, numbers, booleans, null, lists and string-keyed maps of those, nested. */
    public JsonWriter any(Object v) {
        if (v == null || v instanceof String) return value((String) v);
        if (v instanceof Boolean b) return value(b.booleanValue());
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return value(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            separate();
            out.append(n.toString());
            return this;
        }
        if (v instanceof List<?> list) {
            beginArray();
            for (Object o : list) any(o);
            return endArray();
        }
        if (v instanceof Map<?, ?> map) {
            beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) name(String.valueOf(e.getKey())).any(e.getValue());
            return endObject();
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }

    /** A list of strings as an array (null: null). */
    public JsonWriter strings(List<String> list) {
        if (list == null) return value((String) null);
        beginArray();
        for (String s : list) value(s);
        return endArray();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void push() {
        if (depth == written.length) {
            boolean[] bigger = new boolean[depth * 2];
            System.arraycopy(written, 0, bigger, 0, depth);
            written = bigger;
        }
        written[depth++] = false;
    }

    /** A comma before every value but the first of its container, none after a member's name. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (written[depth - 1]) out.append(',');
            written[depth - 1] = true;
        }
    }

    /** {@code s} as a JSON string: quotes, backslashes and control characters escaped, as Jackson escapes them. */
    public static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** {@code s} quoted, or {@code null}. */
    public static String quote(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2);
        quote(b, s);
        return b.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
