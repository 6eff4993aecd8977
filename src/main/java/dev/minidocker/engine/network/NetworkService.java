package dev.minidocker.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.Filters;
import dev.minidocker.json.Json;
import dev.minidocker.network.NetworkConfig;
import dev.minidocker.network.NetworkManager;
import dev.minidocker.network.NetworkStore;
import dev.minidocker.runtime.container.ContainerNetworkConnect;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.engine.events.EventLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** The network verbs: user bridge networks (create, ls, inspect, rm, prune). */
public final class NetworkService {
    /** The network a container gets by default; like "none" and "host" it cannot be created or removed. */
    public static final String DEFAULT = NetworkConfig.DEFAULT;
    private final NetworkManager manager;
    private final ContainerStore containers;
    private final java.util.function.Supplier<NetworkSetup> setup;
    private final Path root;
    private final EventLog events;

    public NetworkService(Path root, ContainerStore containers) {
        this(root, containers, () -> NetworkSetup.NONE, new EventLog(java.time.Clock.systemUTC()));
    }

    /** @param setup the engine's network step (the daemon's serves DNS), for connecting running containers */
    public NetworkService(Path root, ContainerStore containers, java.util.function.Supplier<NetworkSetup> setup,
                          EventLog events) {
        this.events = events;
        this.root = root.toAbsolutePath().normalize();
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
        return create(name, subnet, options, labels, false);
    }

    /** {@code --internal}: its containers reach each other (and the gateway address), nothing beyond. */
    public NetworkEntry create(String name, String subnet, Map<String, String> options, Map<String, String> labels,
                               boolean internal) {
        if (isPredefined(name)) throw new MiniDockerException("network with name " + name + " already exists");
        NetworkEntry created = entry(manager.create(name, subnet, options, labels, internal));
        publish("create", created, labels, null);
        return created;
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
        publish("connect", entry(net), Map.of(), id);
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
        publish("disconnect", entry(net), Map.of(), id);
    }

    /** Docker's network event: name and type, the container for connect/disconnect. */
    private void publish(String action, NetworkEntry n, Map<String, String> labels, String container) {
        Map<String, String> attributes = new java.util.LinkedHashMap<>(labels);
        if (container != null) attributes.put("container", container);
        attributes.put("name", n.name());
        attributes.put("type", n.driver());
        events.publish("network", action, n.id(), attributes);
    }

    /** bridge, none and host: never created, never removed. */
    public static boolean isPredefined(String name) {
        return name.equals(DEFAULT) || name.equals("none") || name.equals("host");
    }

    /** A user network of that name exists (the predefined ones are not "user"). */
    public boolean exists(String name) {
        for (NetworkConfig n : manager.list()) if (n.name().equals(name)) return true;
        return false;
    }

    /** Every network: bridge (made on the first run, listed before), host and none, then the user's. */
    public List<NetworkEntry> list() {
        List<NetworkEntry> out = new ArrayList<>();
        boolean bridgeMade = false;
        for (NetworkConfig n : manager.list()) {
            bridgeMade |= n.name().equals(DEFAULT);
            out.add(entry(n));
        }
        if (!bridgeMade) out.add(0, predefined(DEFAULT));
        out.add(1, predefined("host"));
        out.add(2, predefined("none"));
        return out;
    }

    /** The networks Docker's filters pass (engine/network/NetworkFilter). */
    public List<NetworkEntry> list(Filters filters) {
        NetworkFilter filter = NetworkFilter.forList(filters);
        List<NetworkEntry> out = new ArrayList<>();
        for (NetworkEntry n : list()) {
            boolean unused = filters.has("dangling") && !isPredefined(n.name()) && members(n).isEmpty();
            if (filter.test(n.id(), n.name(), n.driver(), created(n), Map.of(), unused)) out.add(n);
        }
        return out;
    }

    /**
     * By name, id or id prefix (the predefined ones too); "network X not found" otherwise. The default
     * network always exists for a client (Testcontainers inspects "bridge" before its first run): made
     * on first lookup.
     */
    public NetworkEntry find(String nameOrId) {
        if (nameOrId.equals(DEFAULT)) return entry(manager.forRun(DEFAULT));
        for (NetworkEntry n : list()) if (n.name().equals(nameOrId)) return n;
        List<NetworkEntry> byId = new ArrayList<>();
        for (NetworkEntry n : list()) if (!nameOrId.isEmpty() && n.id().startsWith(nameOrId)) byId.add(n);
        if (byId.size() == 1) return byId.getFirst();
        if (byId.size() > 1) throw new MiniDockerException("network " + nameOrId + " is ambiguous (" + byId.size() + " matches found)");
        throw new dev.minidocker.NotFoundException("network " + nameOrId + " not found");
    }

    /** Docker's network inspect document (a predefined network not made yet: its fixed shape). */
    public JsonNode inspect(String nameOrId) {
        NetworkEntry n = find(nameOrId);
        if (n.bridge() == null) return predefinedInspection(n);
        return Json.MAPPER.valueToTree(manager.inspect(manager.find(n.id())));
    }

    /** Refuses a network with members ("active endpoints") and the predefined ones, in Docker's words. */
    public void remove(String nameOrId) {
        NetworkEntry n = find(nameOrId);
        if (isPredefined(n.name())) {
            throw new MiniDockerException(n.name() + " is a pre-defined network and cannot be removed");
        }
        manager.remove(n.id());
        publish("destroy", n, Map.of(), null);
    }

    /** Removes every unused user network, and what no store uses any more; their names. */
    public List<String> prune() {
        Map<String, NetworkEntry> before = new LinkedHashMap<>();
        for (NetworkEntry n : list()) before.put(n.name(), n);
        List<String> removed = manager.prune();
        for (String name : removed) if (before.containsKey(name)) publish("destroy", before.get(name), Map.of(), null);
        return removed;
    }

    /**
     * {@code network prune --filter}: without filters every unused user network; with them only
     * those the filters pass (until, label), then the same host clean-up.
     */
    public List<String> prune(Filters filters) {
        NetworkFilter filter = NetworkFilter.forPrune(filters);
        if (filters.isEmpty()) return prune();
        List<String> removed = new ArrayList<>();
        for (NetworkEntry n : list()) {
            if (isPredefined(n.name()) || !filter.test(n.id(), n.name(), n.driver(), created(n), Map.of(), true)) continue;
            if (!members(n).isEmpty()) continue;
            try {
                manager.remove(n.id());
                publish("destroy", n, Map.of(), null);
                removed.add(n.name());
            } catch (MiniDockerException raced) {
                // a container joined meanwhile: not ours to prune
            }
        }
        return removed;
    }

    private List<String> members(NetworkEntry n) {
        return n.bridge() == null ? List.of() : manager.members(manager.find(n.id()));
    }

    private Instant created(NetworkEntry n) {
        if (n.bridge() == null) return null;
        String c = manager.find(n.id()).created();
        return c == null ? null : Instant.parse(c);
    }

    /** bridge before its first run, host and none: no record, a fixed id per store. */
    private NetworkEntry predefined(String name) {
        String driver = name.equals("none") ? "null" : name;
        return new NetworkEntry(NetworkManager.predefinedId(root, name), name, driver, null, null);
    }

    private static JsonNode predefinedInspection(NetworkEntry n) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("Name", n.name());
        doc.put("Id", n.id());
        doc.put("Created", "0001-01-01T00:00:00Z");
        doc.put("Scope", "local");
        doc.put("Driver", n.driver());
        doc.put("EnableIPv6", false);
        doc.put("IPAM", Map.of("Driver", "default", "Options", Map.of(), "Config", List.of()));
        doc.put("Internal", false);
        doc.put("Attachable", false);
        doc.put("Ingress", false);
        doc.put("ConfigFrom", Map.of("Network", ""));
        doc.put("ConfigOnly", false);
        doc.put("Containers", Map.of());
        doc.put("Options", Map.of());
        doc.put("Labels", Map.of());
        return Json.MAPPER.valueToTree(doc);
    }

    private static NetworkEntry entry(NetworkConfig n) {
        return new NetworkEntry(n.id(), n.name(), n.driver(), n.subnet(), n.bridge());
    }
}
