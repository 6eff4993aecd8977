package dev.minidocker.runtime.host;

import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.model.PortSpec;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Path;
import java.util.List;

/** {@link NetworkSetup} for bridge and user networks; none, host and container: need no setup. */
public final class BridgeNetworkSetup implements NetworkSetup {
    private final ContainerNetworking networking;

    public BridgeNetworkSetup(Path root, ContainerStore store) {
        this.networking = new ContainerNetworking(root, store);
    }

    /** Whether a network mode gets its own interface on a bridge. */
    public static boolean isBridged(String mode) {
        return !mode.equals("none") && !mode.equals("host") && !mode.startsWith("container:");
    }

    @Override
    public void setUp(ContainerRecord c, long pid) {
        String mode = c.hostConfig().networkMode();
        if (mode == null || !isBridged(mode)) return;
        List<String> bindings = c.hostConfig().portBindings();
        List<PortSpec> ports = bindings == null ? List.of() : bindings.stream().map(PortSpec::parse).toList();
        networking.attach(new ContainerNetworking.Request(c.id(), c.name(), c.config().hostname(), mode, ports,
                c.hostConfig().ipv4Address()), pid);
    }

    @Override
    public void tearDown(String containerId) {
        networking.detach(containerId);
    }

    @Override
    public void reclaimStale() {
        networking.reclaimStale();
    }
}
