package dev.minidocker.engine.container;

import java.util.List;

/**
 * What {@code exec} asks for; null fields take the container's values.
 *
 * @param env "K=V", or "K" for the caller's value
 */
public record ExecRequest(List<String> command, List<String> env, String workdir, String user, boolean interactive,
                          boolean tty) {}
