package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /minidocker/runs}: a foreground run a client hands to its daemon, already
 * parsed by the client (the engine's typed run request, read by api/engine), and the client's
 * process as the run needs it.
 *
 * @param pid     the client's pid; the daemon takes its stdio with pidfd_getfd
 * @param cwd     the client's working directory (its relative paths are resolved in the request already)
 * @param env     the client's environment, K=V ({@code -e K} and bare env-file keys take their values here)
 * @param request the run request as the engine's RunRequest reads it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientRunRequest(long pid, String cwd, List<String> env, JsonNode request) {
}
