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
        Security security) {

    public static final HostConfig DEFAULT = new HostConfig(Resources.NONE, List.of(), Map.of(), null, false, false,
            RestartPolicy.NONE, false, List.of(), false, Security.NONE);

    public HostConfig {
        resources = resources == null ? Resources.NONE : resources;
        binds = binds == null ? List.of() : List.copyOf(binds);
        tmpfs = tmpfs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        restartPolicy = restartPolicy == null ? RestartPolicy.NONE : restartPolicy;
        portBindings = portBindings == null ? List.of() : List.copyOf(portBindings);
        security = security == null ? Security.NONE : security;
    }

    public HostConfig(Resources resources, List<String> binds, Map<String, String> tmpfs, String networkMode,
                      boolean readonlyRootfs, boolean autoRemove, RestartPolicy restartPolicy, boolean init,
                      List<PortSpec> portBindings, boolean publishAllPorts) {
        this(resources, binds, tmpfs, networkMode, readonlyRootfs, autoRemove, restartPolicy, init, portBindings,
                publishAllPorts, Security.NONE);
    }
}
