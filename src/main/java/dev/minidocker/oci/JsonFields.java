package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed reads of json/JsonValues' maps and lists, with config.json's field names in the errors. */
final class JsonFields {
    private JsonFields() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o, String what) {
        if (o == null) return null;
        if (!(o instanceof Map<?, ?>)) throw new InvalidArgumentException("config.json: " + what + " is not an object");
        return (Map<String, Object>) o;
    }

    static Map<String, Object> objOrEmpty(Object o, String what) {
        Map<String, Object> m = obj(o, what);
        return m == null ? Map.of() : m;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (o == null) return null;
        if (!(o instanceof List<?>)) throw new InvalidArgumentException("config.json: " + what + " is not an array");
        return (List<Object>) o;
    }

    static List<Object> listOrEmpty(Object o, String what) {
        List<Object> l = list(o, what);
        return l == null ? List.of() : l;
    }

    /** A list of strings; null gives an empty list. */
    static List<String> strings(Object o, String what) {
        List<String> out = new ArrayList<>();
        for (Object e : listOrEmpty(o, what)) {
            if (!(e instanceof String s)) throw new InvalidArgumentException("config.json: " + what + " holds a non-string");
            out.add(s);
        }
        return out;
    }

    static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw new InvalidArgumentException("config.json: " + key + " is not a string");
        return s;
    }

    static Long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return null;
        if (!(v instanceof Number n)) throw new InvalidArgumentException("config.json: " + key + " is not a number");
        // past a long (JsonValues gives a BigInteger; only seccomp's uint64 arguments may be): refused, never wrapped
        if (n instanceof java.math.BigInteger) throw new InvalidArgumentException("config.json: " + key + " " + n + " is out of range");
        return n.longValue();
    }
}
