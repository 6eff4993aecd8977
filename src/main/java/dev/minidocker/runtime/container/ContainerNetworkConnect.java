package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.NotFoundException;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code network connect} and {@code disconnect}: the record's network and aliases change; a
 * running container also gets (or loses) its interface at once, through the same network step a
 * start uses (a veth into its namespace, an address, routes, /etc/hosts, the embedded DNS server's
 * names). mini-docker keeps one network per container: a container is connected to a second one
 * only after it left the first (a disconnected container is in mode "none"); compose and the
 * Docker clients' create-then-connect flow stay on one network.
 */
public final class ContainerNetworkConnect {
    private final ContainerStore store;
    private final NetworkSetup network;

    public ContainerNetworkConnect(ContainerStore store, NetworkSetup network) {
        this.store = store;
        this.network = network;
    }

    /** Puts container {@code id} on user network {@code net} (already checked to exist) with {@code aliases}. */
    public void connect(String id, String net, List<String> aliases, String ipv4) {
        ContainerRecord r = store.load(id).orElseThrow(() -> new NotFoundException("No such container: " + id));
        String mode = r.hostConfig().networkMode() == null ? "none" : r.hostConfig().networkMode();
        ContainerState s = store.state(id).orElse(ContainerState.created());
        boolean running = Liveness.isRunning(s);
        if (mode.equals("host") || mode.startsWith("container:")) {
            throw new MiniDockerException("container cannot be disconnected from host network or connected to host network");
        }
        if (mode.equals(net)) {
            if (running) throw new MiniDockerException("endpoint with name " + r.name() + " already exists in network " + net);
            List<String> all = new ArrayList<>(new LinkedHashSet<>(concat(r.hostConfig().networkAliasesOrEmpty(), aliases)));
            store.updateHostConfig(id, h -> h.withNetwork(net, all, ipv4 != null && !ipv4.isEmpty() ? ipv4 : h.ipv4Address()));
            return;
        }
        if (!mode.equals("none")) {
            throw new MiniDockerException("mini-docker connects a container to one network at a time: disconnect "
                    + r.name() + " from " + mode + " first");
        }
        ContainerRecord next = store.updateHostConfig(id, h -> h.withNetwork(net, aliases, ipv4))
                .orElseThrow(() -> new NotFoundException("No such container: " + id));
        if (running) {
            network.setUp(next, s.pid());
        } else {
            rewriteEtcFiles(next);
        }
    }

    /** Takes container {@code id} off {@code net}; a running one loses its interface now. */
    public void disconnect(String id, String net) {
        ContainerRecord r = store.load(id).orElseThrow(() -> new NotFoundException("No such container: " + id));
        String mode = r.hostConfig().networkMode() == null ? "none" : r.hostConfig().networkMode();
        if (mode.equals("host")) {
            throw new MiniDockerException("container cannot be disconnected from host network or connected to host network");
        }
        if (!mode.equals(net)) {
            throw new MiniDockerException("container " + id + " is not connected to network " + net);
        }
        if (Liveness.isRunning(store.state(id).orElse(ContainerState.created()))) network.tearDown(id);
        ContainerRecord next = store.updateHostConfig(id, h -> h.withNetwork("none", List.of(), null))
                .orElseThrow(() -> new NotFoundException("No such container: " + id));
        if (!Liveness.isRunning(store.state(id).orElse(ContainerState.created()))) rewriteEtcFiles(next);
    }

    /** A created container's resolv.conf and hosts as create writes them for its new network. */
    private void rewriteEtcFiles(ContainerRecord r) {
        Path dir = store.containerDir(r.id());
        if (!java.nio.file.Files.exists(dir.resolve("hosts"))) return; // never created its files (a failed create)
        ContainerRecord.HostConfig h = r.hostConfig();
        new EtcFilesWriter(Path.of("/etc")).write(dir, r.config().hostname(), h.networkMode(), orEmpty(h.extraHosts()),
                orEmpty(h.dns()), orEmpty(h.dnsSearch()), orEmpty(h.dnsOptions()));
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
