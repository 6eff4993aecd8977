package dev.minidocker.cli;

import dev.minidocker.engine.container.RunRequest;
import dev.minidocker.engine.container.RunRequestJson;
import dev.minidocker.json.JsonWriter;
import java.util.Map;

/**
 * The body of {@code POST /minidocker/run}: the typed run request (already parsed here, with this
 * process's relative paths resolved), and what the daemon needs of the calling process to run as
 * it would have: its pid (for its stdio) and its environment ({@code -e K}, env-file keys). Written
 * by hand ({@link JsonWriter}): a cold Jackson costs more than the run.
 */
final class RemoteRunRequest {
    private RemoteRunRequest() {}

    static byte[] json(RunRequest request, long pid, String cwd, Map<String, String> env) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("pid").value(pid);
        w.name("cwd").value(cwd);
        w.name("env").beginArray();
        for (Map.Entry<String, String> e : env.entrySet()) w.value(e.getKey() + "=" + e.getValue());
        w.endArray();
        w.name("request");
        RunRequestJson.write(w, request);
        w.endObject();
        return w.toBytes();
    }
}
