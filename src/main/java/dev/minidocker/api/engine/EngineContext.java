package dev.minidocker.api.engine;

import dev.minidocker.image.store.ImageStore;
import dev.minidocker.runtime.ContainerRemover;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/** What every endpoint group works on: the store root, its images and its containers. */
public final class EngineContext {
    /** Docker shows a container whose state was lost (its init died unseen) as exited 255. */
    static final int LOST_EXIT_CODE = 255;

    private final Path root;
    private final ImageStore images;
    private final ContainerStore containers;

    public EngineContext(Path root) {
        this.root = root.toAbsolutePath();
        this.images = new ImageStore(this.root);
        this.containers = new ContainerStore(this.root);
    }

    public Path root() {
        return root;
    }

    public ImageStore images() {
        return images;
    }

    public ContainerStore containers() {
        return containers;
    }

    /**
     * The state as clients should see it: a "running" record whose init is gone (or whose pid now
     * belongs to another process) is reported exited. Empty when the container is gone.
     */
    public Optional<ContainerState> effectiveState(String id) {
        return containers.state(id).map(s -> {
            if (!s.isRunning() || ContainerRemover.isRunning(s)) return s;
            return new ContainerState(ContainerState.EXITED, 0, 0, LOST_EXIT_CODE, false, s.startedAt(),
                    s.startedAt(), "container process lost");
        });
    }

    /** A stable id for this store (Docker's daemon ID), kept in {@code <root>/engine-id}. */
    String daemonId() {
        Path file = root.resolve("engine-id");
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] b = new byte[16];
            new java.security.SecureRandom().nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            return "mini-docker";
        }
    }

    static String productVersion() {
        String v = EngineContext.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }
}
