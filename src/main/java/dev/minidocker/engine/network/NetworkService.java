package dev.minidocker.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.json.Json;
import dev.minidocker.network.NetworkConfig;
import dev.minidocker.network.NetworkManager;
import dev.minidocker.network.NetworkStore;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The network verbs: user bridge networks (create, ls, inspect, rm, prune). */
public final class NetworkService {
    /** The network a container gets by default; like "none" and "host" it cannot be created or removed. */
    public static final String DEFAULT = NetworkConfig.DEFAULT;
    private final NetworkManager manager;

    public NetworkService(Path root, ContainerStore containers) {
        this.manager = new NetworkManager(new NetworkStore(root), containers);
    }

    /** A user network with its own bridge; {@code subnet} null picks a free one. Refuses the predefined names. */
    public NetworkEntry create(String name, String subnet) {
        if (isPredefined(name)) throw new MiniDockerException("network with name " + name + " already exists");
        return entry(manager.create(name, subnet));
    }

    /** bridge, none and host: never created, never removed. */
    public static boolean isPredefined(String name) {
        return name.equals(DEFAULT) || name.equals("none") || name.equals("host");
    }

    public boolean exists(String name) {
        for (NetworkConfig n : manager.list()) if (n.name().equals(name)) return true;
        return false;
    }

    public List<NetworkEntry> list() {
        List<NetworkEntry> out = new ArrayList<>();
        for (NetworkConfig n : manager.list()) out.add(entry(n));
        return out;
    }

    /** By name, id or id prefix; "network X not found" otherwise. */
    public NetworkEntry find(String nameOrId) {
        return entry(manager.find(nameOrId));
    }

    /** Docker's network inspect document. */
    public JsonNode inspect(String nameOrId) {
        return Json.MAPPER.valueToTree(manager.inspect(manager.find(nameOrId)));
    }

    /** Refuses a network with members ("active endpoints") and the predefined ones. */
    public void remove(String nameOrId) {
        manager.remove(nameOrId);
    }

    /** Removes every unused user network, and what no store uses any more; their names. */
    public List<String> prune() {
        return manager.prune();
    }

    private static NetworkEntry entry(NetworkConfig n) {
        return new NetworkEntry(n.id(), n.name(), n.driver(), n.subnet(), n.bridge());
    }
}
