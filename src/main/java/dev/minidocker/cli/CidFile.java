package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.RunOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code run/create --cidfile FILE}, as the docker CLI does it on its side: the file must not
 * exist (another run may still own it), is made before the container, gets the container's id as
 * soon as it is created (a script can stop a foreground run's container with it), and goes again
 * if no id was written (the create failed).
 */
final class CidFile implements AutoCloseable {
    private final Path path;
    private boolean written;

    private CidFile(Path path) {
        this.path = path;
    }

    /** Whether {@code options} hold a --cidfile (a loop: no lambda on the lean client's path). */
    static boolean given(List<PlainArgs.Given> options) {
        return value(options) != null;
    }

    private static String value(List<PlainArgs.Given> options) {
        String value = null;
        for (PlainArgs.Given g : options) if (g.option() == RunOption.CIDFILE) value = g.value();
        return value;
    }

    /** The --cidfile given among {@code options}, made empty now; null without one. */
    static CidFile open(List<PlainArgs.Given> options) {
        String value = value(options);
        if (value == null || value.isEmpty()) return null;
        Path path = Path.of(value).toAbsolutePath();
        try {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            throw new MiniDockerException("container ID file found, make sure the other container isn't running or delete " + value);
        } catch (IOException e) {
            throw new MiniDockerException("failed to create the container ID file: " + e.getMessage(), e);
        }
        return new CidFile(path);
    }

    /** Writes the id: from here on the file stays. */
    void write(String id) {
        try {
            Files.writeString(path, id, StandardCharsets.US_ASCII);
            written = true;
        } catch (IOException e) {
            throw new MiniDockerException("failed to write the container ID to the file: " + e.getMessage(), e);
        }
    }

    /** An id never written: the file goes, as Docker's does. */
    @Override
    public void close() {
        if (written) return;
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // an empty file left behind says nothing wrong
        }
    }
}
