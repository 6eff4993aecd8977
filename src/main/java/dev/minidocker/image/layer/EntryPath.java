package dev.minidocker.image.layer;

import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry name, checked and split lexically: no absolute paths, no {@code ..} anywhere,
 * {@code ./} and empty components dropped. An empty component list is the layer root itself.
 */
record EntryPath(List<String> components) {

    static EntryPath parse(String raw, String what) {
        if (raw == null || raw.isEmpty()) throw new LayerException(what + " has an empty name");
        if (raw.startsWith("/")) throw new LayerException(what + " `" + raw + "`: absolute paths are not allowed");
        List<String> parts = new ArrayList<>();
        for (String c : raw.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) throw new LayerException(what + " `" + raw + "`: `..` components are not allowed");
            if (c.indexOf('\0') >= 0) throw new LayerException(what + " `" + raw + "`: NUL in name");
            parts.add(c);
        }
        return new EntryPath(List.copyOf(parts));
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    /** The directory holding this entry (the root for a top-level entry). */
    List<String> parent() {
        return components.subList(0, components.size() - 1);
    }

    String name() {
        return components.getLast();
    }

    @Override
    public String toString() {
        return String.join("/", components);
    }

    /**
     * Whether a relative symlink target, read from the directory holding this entry, climbs
     * above the layer root ({@code a/evil -> ../../etc}). Absolute targets are relative to the
     * container's root and always fine.
     */
    boolean symlinkEscapes(String target) {
        if (target.startsWith("/")) return false;
        int depth = components.size() - 1;
        for (String c : target.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            depth += c.equals("..") ? -1 : 1;
            if (depth < 0) return true;
        }
        return false;
    }
}
