package dev.minidocker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.Endpoint;
import dev.minidocker.network.NetworkConfig;
import dev.minidocker.network.NetworkManager;
import dev.minidocker.state.ContainerStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code network inspect NETWORK...}: a JSON array in the shape of {@code docker network inspect}. */
@Command(name = "inspect", description = "Display detailed information on one or more networks.")
public final class NetworkInspectCommand implements Callable<Integer> {
    @ParentCommand
    NetworkCommand parent;

    @Parameters(paramLabel = "NETWORK", arity = "1..*")
    List<String> networks;

    @Override
    public Integer call() throws Exception {
        NetworkManager manager = parent.manager();
        ContainerStore containers = new ContainerStore(parent.main.global.root());
        ContainerNetworking cn = new ContainerNetworking(parent.main.global.root(), containers);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : networks) {
            NetworkConfig n = manager.find(name);
            Map<String, Object> members = new LinkedHashMap<>();
            for (String id : manager.members(n)) {
                cn.endpoint(id).ifPresent((Endpoint e) -> {
                    Map<String, Object> member = new LinkedHashMap<>();
                    member.put("Name", String.valueOf(e.name()));
                    member.put("EndpointID", "");
                    member.put("MacAddress", e.mac() == null ? "" : e.mac());
                    member.put("IPv4Address", e.address() + "/" + e.prefix());
                    member.put("IPv6Address", "");
                    members.put(id, member);
                });
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Name", n.name());
            m.put("Id", n.id());
            m.put("Created", n.created());
            m.put("Driver", n.driver());
            m.put("IPAM", Map.of("Config", List.of(Map.of("Subnet", n.subnet(), "Gateway", n.gateway()))));
            m.put("Options", Map.of("com.docker.network.bridge.name", n.bridge()));
            m.put("Containers", members);
            out.add(m);
        }
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        return 0;
    }
}
