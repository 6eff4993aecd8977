package dev.minidocker.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A published port after random host ports were picked: HOST_IP:HOST_PORT -> CONTAINER_PORT/PROTO. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PortBinding(
        @JsonProperty("HostIp") String hostIp,
        @JsonProperty("HostPort") int hostPort,
        @JsonProperty("ContainerPort") int containerPort,
        @JsonProperty("Protocol") String protocol) {

    /** Docker's `port` line: "80/tcp -> 0.0.0.0:8080". */
    public String describe() {
        return containerPort + "/" + protocol + " -> " + hostIp + ":" + hostPort;
    }

    /** As {@code docker ps} shows it in PORTS: "0.0.0.0:8080->80/tcp". */
    public String psForm() {
        return hostIp + ":" + hostPort + "->" + containerPort + "/" + protocol;
    }
}
