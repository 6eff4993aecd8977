package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.minidocker.model.MountPoint;
import java.util.List;
import java.util.Map;

/** One entry of {@code GET /containers/json}: what {@code docker ps} shows. */
public record ContainerSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("Command") String command,
        @JsonProperty("Created") long created,
        @JsonProperty("Ports") List<Object> ports,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("State") String state,
        @JsonProperty("Status") String status,
        @JsonProperty("HostConfig") Map<String, String> hostConfig,
        @JsonProperty("NetworkSettings") Map<String, Object> networkSettings,
        @JsonProperty("Mounts") List<MountPoint> mounts,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeRw") Long sizeRw,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeRootFs") Long sizeRootFs) {

    /** The same entry with {@code ?size=1}'s sizes: its writable layer, and that plus its image. */
    public ContainerSummary withSizes(long rw, long rootFs) {
        return new ContainerSummary(id, names, image, imageId, command, created, ports, labels, state, status, hostConfig,
                networkSettings, mounts, rw, rootFs);
    }
}
