package dev.minidocker.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.json.Json;
import dev.minidocker.network.NetworkConfig;
import dev.minidocker.network.NetworkManager;
import dev.minidocker.network.NetworkStore;
import dev.minidocker.runtime.container.ContainerNetworkConnect;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.state.ContainerStore;
import java.util.Map;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The network verbs: user bridge networks (create, ls, inspect, rm, prune). */
public final class NetworkService {
    /** The network a container gets by default; like "none" and "host" it cannot be created or removed. */
    public static final String DEFAULT = NetworkConfig.DEFAULT;
    private final NetworkManager manager;
    private final ContainerStore containers;
    private final java.util.function.Supplier<NetworkSetup> setup;

    public NetworkService(Path root, ContainerStore containers) {
        this(root, containers, () -> NetworkSetup.NONE);
    }

    /** @param setup the engine's network step (the daemon's serves DNS), for connecting running containers */
    public NetworkService(Path root, ContainerStore containers, java.util.function.Supplier<NetworkSetup> setup) {
        this.manager = new NetworkManager(new NetworkStore(root), containers);
        this.containers = containers;
        this.setup = setup;
    }

    /** A user network with its own bridge; {@code subnet} null picks a free one. Refuses the predefined names. */
    public NetworkEntry create(String name, String subnet) {
        return create(name, subnet, Map.of(), Map.of());
    }

    /** With driver options and labels, kept as given. */
    public NetworkEntry create(String name, String subnet, Map<String, String> options, Map<String, String> labels) {
        if (isPredefined(name)) throw new MiniDockerException("network with name " + name + " already exists");
        return entry(manager.create(name, subnet, options, labels));
    }

    /**
     * {@code network connect}: container {@code container} onto user network {@code network} with
     * {@code aliases}; "network X not found" and "No such container: X" for what does not exist.
     */
    public void connect(String network, String container, List<String> aliases, String ipv4) {
        NetworkConfig net = manager.find(network);
        if (net.isDefault() && !aliases.isEmpty()) {
            throw new MiniDockerException("network-scoped alias is supported only for containers in user defined networks");
        }
        if (ipv4 != null && !ipv4.isEmpty() && net.isDefault()) {
            throw new MiniDockerException("user specified IP address is supported on user defined networks only");
        }
        String id = containers.resolve(container);
        new ContainerNetworkConnect(containers, setup.get()).connect(id, net.name(), aliases, ipv4);
    }

    /** {@code network disconnect}; {@code force} also for a container that is gone (nothing to do then). */
    public void disconnect(String network, String container, boolean force) {
        NetworkConfig net = manager.find(network);
        String id;
        try {
            id = containers.resolve(container);
        } catch (MiniDockerException e) {
            if (force) return;
            throw e;
        }
        new ContainerNetworkConnect(containers, setup.get()).disconnect(id, net.name());
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

    /**
     * By name, id or id prefix; "network X not found" otherwise. The default network always exists
     * for a client (Testcontainers inspects "bridge" before its first run): made on first lookup.
     */
    public NetworkEntry find(String nameOrId) {
        if (nameOrId.equals(DEFAULT)) return entry(manager.forRun(DEFAULT));
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
