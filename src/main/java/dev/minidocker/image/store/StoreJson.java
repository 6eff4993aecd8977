package dev.minidocker.image.store;

import dev.minidocker.json.JsonValues;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.model.Healthcheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the two store files {@code run} needs, the image database and an image config, into the
 * same records Jackson's data binding makes of them (StoreJsonTest compares both), through
 * {@link JsonValues}. Cold, Jackson took ~300 ms here for the two (deserializer construction,
 * annotation proxies); this takes a few. Writing stays with Jackson.
 */
final class StoreJson {
    private StoreJson() {}

    static ImageDb.Snapshot snapshot(byte[] json) throws IOException {
        try {
            return snapshotOf(json);
        } catch (RuntimeException e) { // a bad digest, a missing list: unreadable, as with Jackson
            throw new IOException(e.getMessage(), e);
        }
    }

    static ImageConfig config(byte[] json) throws IOException {
        try {
            return configOf(json);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static ImageDb.Snapshot snapshotOf(byte[] json) throws IOException {
        Map<String, Object> root = object(JsonValues.parse(json), "image database");
        Map<String, Digest> tags = null;
        Map<String, Object> tagsJson = object(root.get("tags"), "tags");
        if (tagsJson != null) {
            tags = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : tagsJson.entrySet()) tags.put(e.getKey(), digest(e.getValue()));
        }
        Map<String, ImageRecord> images = null;
        Map<String, Object> imagesJson = object(root.get("images"), "images");
        if (imagesJson != null) {
            images = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : imagesJson.entrySet()) images.put(e.getKey(), record(e.getValue()));
        }
        return new ImageDb.Snapshot(tags, images);
    }

    private static ImageRecord record(Object json) throws IOException {
        Map<String, Object> r = object(json, "image record");
        if (r == null) return null;
        Object size = r.get("size");
        return new ImageRecord(digest(r.get("id")), digest(r.get("manifestDigest")), string(r.get("manifestMediaType")),
                digests(r.get("diffIds")), size == null ? 0 : ((Number) size).longValue(), strings(r.get("repoDigests")));
    }

    private static ImageConfig configOf(byte[] json) throws IOException {
        Map<String, Object> c = object(JsonValues.parse(json), "image config");
        ImageConfig.Config config = null;
        Map<String, Object> cc = object(c.get("config"), "config");
        if (cc != null) {
            config = new ImageConfig.Config(string(cc.get("User")), map(cc.get("ExposedPorts")), strings(cc.get("Env")),
                    strings(cc.get("Entrypoint")), strings(cc.get("Cmd")), map(cc.get("Volumes")),
                    string(cc.get("WorkingDir")), stringMap(cc.get("Labels")), string(cc.get("StopSignal")),
                    healthcheck(cc.get("Healthcheck")));
        }
        ImageConfig.RootFs rootfs = null;
        Map<String, Object> rf = object(c.get("rootfs"), "rootfs");
        if (rf != null) rootfs = new ImageConfig.RootFs(string(rf.get("type")), digests(rf.get("diff_ids")));
        List<ImageConfig.History> history = null;
        if (c.get("history") != null) {
            history = new ArrayList<>();
            for (Object h : list(c.get("history"))) {
                Map<String, Object> hm = object(h, "history entry");
                history.add(hm == null ? null : new ImageConfig.History(string(hm.get("created")),
                        string(hm.get("created_by")), string(hm.get("comment")), (Boolean) hm.get("empty_layer")));
            }
        }
        return new ImageConfig(string(c.get("created")), string(c.get("author")), string(c.get("architecture")),
                string(c.get("os")), string(c.get("variant")), config, rootfs, history);
    }

    @SuppressWarnings("unchecked")
    private static Healthcheck healthcheck(Object v) throws IOException {
        Map<String, Object> h = object(v, "Healthcheck");
        if (h == null) return null;
        return new Healthcheck(strings(h.get("Test")), number(h.get("Interval")), number(h.get("Timeout")),
                number(h.get("StartPeriod")), number(h.get("StartInterval")), (int) number(h.get("Retries")));
    }

    private static long number(Object v) throws IOException {
        if (v == null) return 0;
        if (v instanceof Number n) return n.longValue();
        throw new IOException("a number was expected, not " + v);
    }

    private static Map<String, Object> object(Object v, String what) throws IOException {
        if (v == null || v instanceof Map) return (Map<String, Object>) v;
        throw new IOException(what + ": expected an object");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v) throws IOException {
        if (v == null || v instanceof List) return (List<Object>) v;
        throw new IOException("expected an array, got " + v);
    }

    /** Jackson turns scalars into Strings where a String is declared; so do we. */
    private static String string(Object v) throws IOException {
        if (v == null || v instanceof String) return (String) v;
        if (v instanceof Map || v instanceof List) throw new IOException("expected a string, got " + v);
        return String.valueOf(v);
    }

    private static List<String> strings(Object v) throws IOException {
        if (v == null) return null;
        List<String> out = new ArrayList<>();
        for (Object o : list(v)) out.add(string(o));
        return out;
    }

    private static Digest digest(Object v) throws IOException {
        return v == null ? null : Digest.parse(string(v));
    }

    private static List<Digest> digests(Object v) throws IOException {
        if (v == null) return null;
        List<Digest> out = new ArrayList<>();
        for (Object o : list(v)) out.add(digest(o));
        return out;
    }

    private static Map<String, Object> map(Object v) throws IOException {
        return object(v, "map");
    }

    private static Map<String, String> stringMap(Object v) throws IOException {
        Map<String, Object> m = object(v, "map");
        if (m == null) return null;
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) out.put(e.getKey(), string(e.getValue()));
        return out;
    }
}
