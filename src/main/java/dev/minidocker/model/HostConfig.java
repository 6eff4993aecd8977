package dev.minidocker.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host side of a container as asked for (Docker's HostConfig), from {@code run}'s flags or an
 * Engine API create body: limits, mounts, network, lifecycle. Validated by the planner. The wire
 * shapes (api/model's create body, state's record, inspect) are DTOs translated to and from this.
 *
 * @param binds         {@code /host:/ctr[:ro|rw]} as given to -v (Docker's Binds are the same strings)
 * @param tmpfs         mount point -> options ("" for none), in the order given
 * @param networkMode   none, host, bridge, container:NAME or a network's name; null for the default
 * @param portBindings  -p values, parsed; checked against this host's addresses by the planner
 * @param publishAllPorts -P: every ExposedPorts entry of the image to a random host port
 * @param security      capabilities, seccomp, no_new_privs, ulimits, --privileged
 * @param networkAliases --network-alias (and the API's EndpointConfig.Aliases): more names on a user network
 * @param extraHosts    --add-host "NAME:IP" ("host-gateway" for the network's gateway)
 * @param dns           --dns servers: on a user network the embedded server's upstreams, else resolv.conf's
 * @param dnsSearch     --dns-search domains
 * @param dnsOptions    --dns-option options
 * @param volumesFrom   --volumes-from CONTAINER[:ro|rw]: that container's binds and volumes
 * @param ipv4Address   --ip on a user network (the API's EndpointConfig.IPAMConfig.IPv4Address); null: any free one
 * @param logConfig     --log-driver and --log-opt (the API's LogConfig): json-file and its rotation
 */
public record HostConfig(
        Resources resources,
        List<String> binds,
        Map<String, String> tmpfs,
        String networkMode,
        boolean readonlyRootfs,
        boolean autoRemove,
        RestartPolicy restartPolicy,
        boolean init,
        List<PortSpec> portBindings,
        boolean publishAllPorts,
        Security security,
        List<String> networkAliases,
        List<String> extraHosts,
        List<String> dns,
        List<String> dnsSearch,
        List<String> dnsOptions,
        List<String> volumesFrom,
        String ipv4Address,
        LogConfig logConfig) {

    public static final HostConfig DEFAULT = new HostConfig(Resources.NONE, List.of(), Map.of(), null, false, false,
            RestartPolicy.NONE, false, List.of(), false, Security.NONE, null, null, null, null, null, null, null, null);

    public HostConfig(Resources resources, List<String> binds, Map<String, String> tmpfs, String networkMode,
                      boolean readonlyRootfs, boolean autoRemove, RestartPolicy restartPolicy, boolean init,
                      List<PortSpec> portBindings, boolean publishAllPorts) {
        this(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, restartPolicy, init, portBindings,
                publishAllPorts, Security.NONE, null, null, null, null, null, null, null, null);
    }

    public HostConfig {
        resources = resources == null ? Resources.NONE : resources;
        binds = binds == null ? List.of() : List.copyOf(binds);
        tmpfs = tmpfs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        restartPolicy = restartPolicy == null ? RestartPolicy.NONE : restartPolicy;
        portBindings = portBindings == null ? List.of() : List.copyOf(portBindings);
        security = security == null ? Security.NONE : security;
        logConfig = logConfig == null ? LogConfig.DEFAULT : logConfig;
        networkAliases = networkAliases == null ? List.of() : List.copyOf(networkAliases);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
        volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    }
}
