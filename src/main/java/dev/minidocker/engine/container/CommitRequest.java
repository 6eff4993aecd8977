package dev.minidocker.engine.container;

import java.util.List;

/**
 * {@code commit}'s arguments, as the CLI and {@code POST /commit} give them.
 *
 * @param container name or id
 * @param repoTag   "repo[:tag]" to name the image, or null for an untagged one
 * @param comment   -m, or null
 * @param author    -a, or null
 * @param changes   --change instructions (Dockerfile syntax), applied in order
 * @param pause     freeze a running container while its changes are read (Docker's default)
 */
public record CommitRequest(String container, String repoTag, String comment, String author, List<String> changes,
                            boolean pause) {
    public CommitRequest {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
