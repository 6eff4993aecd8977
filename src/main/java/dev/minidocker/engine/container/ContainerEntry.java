package dev.minidocker.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.model.PortBinding;
import java.util.List;
import java.util.Map;

/**
 * One container as {@code ps} lists it.
 *
 * @param imageId         the image id, or null for a plain root directory
 * @param imageRef        the image as typed (or the root directory)
 * @param argv            entrypoint and command
 * @param created         RFC 3339
 * @param status          the effective state
 * @param networkMode     "bridge", "none", a network's name, ...
 * @param binds           -v values as typed, then anonymous volumes ("NAME:/path"); {@code tmpfs} as typed
 * @param exposedPorts    "80/tcp", ...
 * @param ports           published ports while it runs on a bridge, else empty
 * @param networkSettings Docker's NetworkSettings (Ports, Networks, ...) when asked for, else null
 * @param labels          Config.Labels
 */
public record ContainerEntry(String id, String name, String imageId, String imageRef, List<String> argv,
                             String created, ContainerStatus status, String networkMode, List<String> binds,
                             List<String> tmpfs, List<String> exposedPorts, List<PortBinding> ports,
                             JsonNode networkSettings, Map<String, String> labels) {

    public String shortId() {
        return id.substring(0, 12);
    }
}
