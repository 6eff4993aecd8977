package dev.minidocker.runtime.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.json.Json;
import dev.minidocker.model.DeviceRule;
import dev.minidocker.model.Resources;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * What starting a container again needs (the stage-2 spec and the cgroup limits), kept in
 * {@code containers/<id>/start.json} for containers that outlive one command: {@code start},
 * {@code restart}, restart policies. A foreground run never needs it and never pays for it.
 * The device rules are kept beside the limits ({@code devices}): they are not a field of Docker's
 * JSON, so Resources never reads them from a client.
 */
public record StoredSpec(ContainerSpec spec, Resources limits) {
    /** Reads this file as written now, and as written before the limits were Docker's Resources. */
    @JsonCreator
    static StoredSpec fromJson(@JsonProperty("spec") ContainerSpec spec, @JsonProperty("limits") JsonNode limits,
                               @JsonProperty("devices") List<DeviceRule> devices) {
        Resources r = resources(limits);
        return new StoredSpec(spec, devices == null ? r : r.withDevices(devices));
    }

    @JsonProperty("devices")
    List<DeviceRule> devices() {
        return limits.devices();
    }

    private static Resources resources(JsonNode limits) {
        if (limits == null || limits.isNull()) return Resources.NONE;
        if (!limits.has("memoryBytes")) return JSON.convertValue(limits, Resources.class);
        // Written before model/Resources: the flags' units, and the device rules inside the limits.
        JsonNode pids = limits.path("pidsLimit");
        List<DeviceRule> devices = limits.hasNonNull("devices")
                ? JSON.convertValue(limits.get("devices"), new com.fasterxml.jackson.core.type.TypeReference<List<DeviceRule>>() {})
                : null;
        return Resources.NONE.withMemory(limits.path("memoryBytes").asLong(0))
                .withMemorySwap(limits.path("memorySwapBytes").asLong(0))
                .withNanoCpus(Math.round(limits.path("cpus").asDouble(0) * 1e9))
                .withCpuShares(limits.path("cpuShares").asLong(0)).withCpusetCpus(limits.path("cpusetCpus").asText(""))
                .withPidsLimit(pids.isNumber() ? pids.asLong() : null).withDevices(devices);
    }

    private static final String FILE = "start.json";
    private static final ObjectMapper JSON = Json.MAPPER;

    public void save(Path containerDir) {
        try {
            AtomicFiles.write(containerDir.resolve(FILE), JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException("write " + containerDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The stored spec; a container made by a foreground run has none and cannot be started again. */
    public static StoredSpec load(Path containerDir, String nameForErrors) {
        try {
            return JSON.readValue(Files.readAllBytes(containerDir.resolve(FILE)), StoredSpec.class);
        } catch (NoSuchFileException e) {
            throw new MiniDockerException("container " + nameForErrors
                    + " was run in the foreground and cannot be started again; use run -d");
        } catch (IOException e) {
            throw new UncheckedIOException("read " + containerDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }
}
