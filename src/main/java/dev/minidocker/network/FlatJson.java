package dev.minidocker.network;

import dev.minidocker.model.PortBinding;
import dev.minidocker.json.JsonWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoint file {@code run} writes on its critical path, without Jackson: the first Jackson
 * serialization of a new type in a process costs 30-200 ms of class initialization and
 * introspection on a loaded 2-core machine, more than the whole network setup. Written in the shape
 * Jackson reads back; reading on that path goes through {@link dev.minidocker.json.JsonValues}.
 */
final class FlatJson {
    private FlatJson() {}

    static String quote(String s) {
        return JsonWriter.quote(s);
    }

    /** An endpoint as Jackson would write it (same names), for Jackson to read back. */
    static String endpoint(Endpoint e) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"Network\" : ").append(quote(e.network())).append(",\n");
        b.append("  \"Bridge\" : ").append(quote(e.bridge())).append(",\n");
        b.append("  \"IPAddress\" : ").append(quote(e.address())).append(",\n");
        b.append("  \"IPPrefixLen\" : ").append(e.prefix()).append(",\n");
        b.append("  \"HostVeth\" : ").append(quote(e.hostVeth())).append(",\n");
        b.append("  \"Name\" : ").append(quote(e.name())).append(",\n");
        b.append("  \"Hostname\" : ").append(quote(e.hostname())).append(",\n");
        b.append("  \"Ports\" : [");
        List<PortBinding> ports = e.ports();
        for (int i = 0; i < ports.size(); i++) {
            PortBinding p = ports.get(i);
            b.append(i == 0 ? " " : ", ").append("{ \"HostIp\" : ").append(quote(p.hostIp()))
                    .append(", \"HostPort\" : ").append(p.hostPort())
                    .append(", \"ContainerPort\" : ").append(p.containerPort())
                    .append(", \"Protocol\" : ").append(quote(p.protocol())).append(" }");
        }
        b.append(ports.isEmpty() ? "],\n" : " ],\n");
        b.append("  \"PortTable\" : ").append(quote(e.portTable())).append(",\n");
        b.append("  \"Gateway\" : ").append(quote(e.gateway())).append(",\n");
        b.append("  \"MacAddress\" : ").append(quote(e.mac())).append(",\n");
        b.append("  \"NetworkID\" : ").append(quote(e.networkId())).append("\n}");
        return b.toString();
    }
}
