package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /containers/{id}/exec}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecCreateRequest(
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("User") String user,
        @JsonProperty("Privileged") boolean privileged) {
}
