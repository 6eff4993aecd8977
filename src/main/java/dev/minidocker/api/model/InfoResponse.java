package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code GET /info}: the subset of Docker's system info that {@code docker info} prints. */
public record InfoResponse(
        @JsonProperty("ID") String id,
        @JsonProperty("Containers") int containers,
        @JsonProperty("ContainersRunning") int containersRunning,
        @JsonProperty("ContainersPaused") int containersPaused,
        @JsonProperty("ContainersStopped") int containersStopped,
        @JsonProperty("Images") int images,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DockerRootDir") String dockerRootDir,
        @JsonProperty("OperatingSystem") String operatingSystem,
        @JsonProperty("OSType") String osType,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("NCPU") int ncpu,
        @JsonProperty("MemTotal") long memTotal,
        @JsonProperty("Name") String name,
        @JsonProperty("ServerVersion") String serverVersion,
        @JsonProperty("KernelVersion") String kernelVersion,
        @JsonProperty("CgroupDriver") String cgroupDriver,
        @JsonProperty("CgroupVersion") String cgroupVersion,
        @JsonProperty("LoggingDriver") String loggingDriver,
        @JsonProperty("DefaultRuntime") String defaultRuntime,
        @JsonProperty("Runtimes") Map<String, Object> runtimes,
        @JsonProperty("SecurityOptions") List<String> securityOptions,
        @JsonProperty("Plugins") Map<String, List<String>> plugins,
        @JsonProperty("Labels") List<String> labels,
        @JsonProperty("Warnings") List<String> warnings) {
}
