package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.NotFoundException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.json.JsonValues;
import dev.minidocker.json.JsonWriter;
import dev.minidocker.linux.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One container of the runtime, as {@code <root>/<id>/state.json} records it (runc keeps the same
 * in /run/runc/<id>/state.json). Its status is derived, as runc does: the process gone (or
 * another process behind the pid) is "stopped"; alive with {@code exec.fifo} still there is
 * "created" (waiting at stage 2's start gate); else "running".
 */
record ContainerState(String id, int pid, long startTime, String bundle, String rootfs, String created,
                      String cgroupsPath, Map<String, String> annotations) {
    static final String FIFO = "exec.fifo";
    static final String OCI_VERSION = "1.0.2-dev";

    static Path dir(Path root, String id) {
        checkId(id);
        return root.resolve(id);
    }

    /** runc's rule for ids: letters, digits and _+-. only; never a path. */
    static String checkId(String id) {
        if (id == null || id.isEmpty() || !id.matches("[\\w+\\-.]+") || id.equals(".") || id.equals("..")) {
            throw new InvalidArgumentException("invalid container id `" + id + "`: use letters, digits and _+-. only");
        }
        return id;
    }

    static ContainerState load(Path root, String id) {
        Path file = dir(root, id).resolve("state.json");
        Object parsed;
        try {
            parsed = JsonValues.parse(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NotFoundException("container " + id + " does not exist");
        } catch (IOException e) {
            throw new InvalidArgumentException("cannot read the state of " + id + ": " + e.getMessage());
        }
        Map<String, Object> m = JsonFields.obj(parsed, "state.json");
        Map<String, String> annotations = new LinkedHashMap<>();
        JsonFields.objOrEmpty(m.get("annotations"), "annotations").forEach((k, v) -> annotations.put(k, (String) v));
        return new ContainerState(JsonFields.str(m, "id"), JsonFields.num(m, "pid").intValue(),
                JsonFields.num(m, "startTime"), JsonFields.str(m, "bundle"), JsonFields.str(m, "rootfs"),
                JsonFields.str(m, "created"), JsonFields.str(m, "cgroupsPath"), annotations);
    }

    void save(Path root) throws IOException {
        JsonWriter w = new JsonWriter().beginObject().name("id").value(id).name("pid").value(pid)
                .name("startTime").value(startTime).name("bundle").value(bundle).name("rootfs").value(rootfs)
                .name("created").value(created).name("cgroupsPath").value(cgroupsPath).name("annotations").beginObject();
        for (var e : annotations.entrySet()) w.name(e.getKey()).value(e.getValue());
        AtomicFiles.writeWithoutSync(dir(root, id).resolve("state.json"), w.endObject().endObject().toBytes());
    }

    boolean alive() {
        return ProcessIdentity.isAlive(pid, startTime);
    }

    String status(Path root) {
        if (!alive()) return "stopped";
        return Files.exists(dir(root, id).resolve(FIFO)) ? "created" : "running";
    }

    /** runc's `state` output: its field order, two-space indentation, pid 0 once stopped. */
    String toRuncJson(Path root) {
        String status = status(root);
        StringBuilder b = new StringBuilder("{\n");
        field(b, "ociVersion", OCI_VERSION);
        field(b, "id", id);
        b.append("  \"pid\": ").append("stopped".equals(status) ? 0 : pid).append(",\n");
        field(b, "status", status);
        field(b, "bundle", bundle);
        field(b, "rootfs", rootfs);
        field(b, "created", created);
        if (!annotations.isEmpty()) {
            b.append("  \"annotations\": {\n");
            int i = 0;
            for (var e : annotations.entrySet()) {
                b.append("    ").append(JsonWriter.quote(e.getKey())).append(": ").append(JsonWriter.quote(e.getValue()));
                b.append(++i < annotations.size() ? ",\n" : "\n");
            }
            b.append("  },\n");
        }
        b.append("  \"owner\": \"\"\n}");
        return b.toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("  \"").append(name).append("\": ").append(JsonWriter.quote(value)).append(",\n");
    }
}
