package dev.minidocker.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.Platform;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds an image to the store: its config (the parent's, keeping every field mini-docker does not
 * model, with the changes applied, the new DiffIDs appended to rootfs.diff_ids and a history
 * entry) goes into {@code blobs/}, then ONE database update records the image and its tag. The
 * layers must be in the store already. Images made here have no manifest until they are pushed
 * (as in docker: a manifest names compressed blobs, and compressing waits for a push).
 *
 * <p>On failure the config blob is removed again (unless another image already had it), so no
 * image and no tag appear; the caller removes layers it created for this image.
 */
public final class ImageCreator {
    private final ImageStore store;

    public ImageCreator(ImageStore store) {
        this.store = store;
    }

    /**
     * Returns the new image's id (its config digest). {@code addedLayers}: DiffIDs of layers in
     * the store, stacked on the parent's, bottom first (none: a config-only change).
     */
    public Digest create(NewImage spec, List<Digest> addedLayers) {
        return create(spec, addedLayers, Map.of());
    }

    /**
     * As {@link #create(NewImage, List)}, also setting container-config fields the typed config
     * does not model ({@code "Healthcheck"}, {@code "OnBuild"}, {@code "Shell"}: a build's), by
     * their JSON names; a null value removes the field.
     */
    public Digest create(NewImage spec, List<Digest> addedLayers, Map<String, Object> extraConfig) {
        byte[] config = configFor(spec, addedLayers, extraConfig);
        Digest id = Digest.sha256(config);
        boolean hadConfig = store.blobs().has(id);
        try {
            store.blobs().put(id, config, "image config");
            List<Digest> diffIds = new ArrayList<>(spec.parent() == null ? List.of() : parentDiffIds(spec.parent()));
            diffIds.addAll(addedLayers);
            long size = diffIds.stream().distinct().mapToLong(store.layers()::size).sum();
            store.record(spec.tag(), new ImageRecord(id, null, null, diffIds, size, List.of()), false);
            return id;
        } catch (RuntimeException e) {
            if (!hadConfig && !store.db().read().images().containsKey(id.toString())) store.blobs().delete(id);
            throw e;
        }
    }

    private static List<Digest> parentDiffIds(StoredImage parent) {
        ImageConfig.RootFs r = parent.config().rootfs();
        return r == null || r.diffIds() == null ? List.of() : r.diffIds();
    }

    /** The new config's exact bytes. */
    byte[] configFor(NewImage spec, List<Digest> addedLayers) {
        return configFor(spec, addedLayers, Map.of());
    }

    private byte[] configFor(NewImage spec, List<Digest> addedLayers, Map<String, Object> extraConfig) {
        ObjectNode root;
        try {
            root = spec.parent() == null ? scratch()
                    : (ObjectNode) Json.MAPPER.readTree(store.blobs().get(spec.parent().imageId(), "image config"));
        } catch (IOException e) {
            throw new MiniDockerException("read the config of image " + spec.parent().imageId().shortHex() + ": " + e.getMessage(), e);
        }
        String created = DateTimeFormatter.ISO_INSTANT.format(spec.created());
        root.put("created", created);
        if (spec.author() != null && !spec.author().isEmpty()) root.put("author", spec.author()); else root.remove("author");
        if (spec.changes() != null) applyChanges(root, spec.changes());
        if (!extraConfig.isEmpty()) {
            ObjectNode c = root.withObjectProperty("config");
            extraConfig.forEach((k, v) -> {
                if (v == null) c.remove(k); else c.set(k, Json.MAPPER.valueToTree(v));
            });
        }
        ObjectNode rootfs = root.withObjectProperty("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.withArrayProperty("diff_ids");
        addedLayers.forEach(d -> ids.add(d.toString()));
        ObjectNode entry = root.withArrayProperty("history").addObject();
        entry.put("created", created);
        if (spec.author() != null && !spec.author().isEmpty()) entry.put("author", spec.author());
        entry.put("created_by", spec.createdBy() == null ? "" : spec.createdBy());
        if (spec.comment() != null && !spec.comment().isEmpty()) entry.put("comment", spec.comment());
        if (addedLayers.isEmpty()) entry.put("empty_layer", true);
        try {
            return Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(root);
        } catch (IOException e) {
            throw new MiniDockerException("write image config: " + e.getMessage(), e);
        }
    }

    /** Docker's config for an image from nothing (import): this platform, an empty container config. */
    private static ObjectNode scratch() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        Platform host = Platform.host();
        root.put("architecture", host.architecture());
        if (host.variant() != null) root.put("variant", host.variant());
        root.put("os", host.os());
        root.putObject("config");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        root.putArray("history");
        return root;
    }

    /**
     * Runs the changes on the typed config; fields mini-docker does not model (Shell, OnBuild, ...)
     * stay. A build's Healthcheck is among its extras, set after this.
     */
    private static void applyChanges(ObjectNode root, java.util.function.UnaryOperator<ImageConfig.Config> changes) {
        JsonNode old = root.path("config");
        ImageConfig.Config before;
        try {
            before = old.isObject() ? Json.MAPPER.treeToValue(old, ImageConfig.Config.class)
                    : new ImageConfig.Config(null, null, null, null, null, null, null, null, null);
        } catch (IOException e) {
            throw new MiniDockerException("the parent image's config is unreadable: " + e.getMessage(), e);
        }
        ObjectNode updated = Json.MAPPER.valueToTree(changes.apply(before));
        ObjectNode merged = old.isObject() ? ((ObjectNode) old).deepCopy() : Json.MAPPER.createObjectNode();
        for (String field : List.of("User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir",
                "Labels", "StopSignal", "Healthcheck")) {
            JsonNode v = updated.get(field);
            if (v == null || v.isNull()) merged.remove(field); else merged.set(field, v);
        }
        root.set("config", merged);
    }
}
