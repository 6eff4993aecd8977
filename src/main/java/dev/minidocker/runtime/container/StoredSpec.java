package dev.minidocker.runtime.container;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What starting a container again needs (the stage-2 spec and the cgroup limits), kept in
 * {@code containers/<id>/start.json} for containers that outlive one command: {@code start},
 * {@code restart}, restart policies. A foreground run never needs it and never pays for it.
 */
public record StoredSpec(ContainerSpec spec, CgroupFactory.Limits limits) {
    private static final String FILE = "start.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
