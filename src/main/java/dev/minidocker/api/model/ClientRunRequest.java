package dev.minidocker.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The body of {@code POST /minidocker/run} (see run-protocol.md): a foreground run a client hands
 * to its daemon.
 *
 * @param verb "run" or "run-command"
 * @param pid  the client's pid; the daemon takes its stdio with pidfd_getfd
 * @param cwd  the client's working directory (relative --env-file, -r, MINIDOCKER_DEFAULT_FS)
 * @param args the verb's arguments as typed after it
 * @param env  the client's environment, K=V
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClientRunRequest(String verb, long pid, String cwd, List<String> args, List<String> env) {
}
