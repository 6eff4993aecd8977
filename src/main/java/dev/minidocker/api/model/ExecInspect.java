package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /exec/{id}/json}: the docker CLI reads ExitCode from it once the stream has ended. */
public record ExecInspect(
        @JsonProperty("ID") String id,
        @JsonProperty("ContainerID") String containerId,
        @JsonProperty("Running") boolean running,
        @JsonProperty("ExitCode") Integer exitCode,
        @JsonProperty("Pid") long pid,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("OpenStdout") boolean openStdout,
        @JsonProperty("OpenStderr") boolean openStderr,
        @JsonProperty("CanRemove") boolean canRemove,
        @JsonProperty("DetachKeys") String detachKeys,
        @JsonProperty("ProcessConfig") ProcessConfig processConfig) {

    public record ProcessConfig(
            @JsonProperty("entrypoint") String entrypoint,
            @JsonProperty("arguments") List<String> arguments,
            @JsonProperty("tty") boolean tty,
            @JsonProperty("user") String user,
            @JsonProperty("privileged") boolean privileged) {
    }
}
