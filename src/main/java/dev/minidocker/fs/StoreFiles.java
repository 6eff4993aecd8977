package dev.minidocker.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The modes of what mini-docker creates in its store (and in /run/minidocker), never left to the
 * umask: directories 0700 and files 0600, for root only. A container's setuid file in its upper
 * dir or in an image layer must be out of other users' reach, and a record may hold -e secrets.
 * The exceptions are named where they are made: a container's root directory (upper/, a layer's
 * diff/) and the files bind-mounted into containers (hosts, hostname, resolv.conf) are 0755/0644,
 * as the container's own users must read them.
 */
public final class StoreFiles {
    public static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    public static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** A container's root directory: its users must be able to enter it. */
    public static final FileAttribute<Set<PosixFilePermission>> PUBLIC_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
    /** A file bind-mounted into a container (hosts, hostname, resolv.conf): its users must read it. */
    public static final FileAttribute<Set<PosixFilePermission>> PUBLIC_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));
    private static final Set<OpenOption> CREATE_OR_REPLACE =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    private StoreFiles() {}

    /** {@link Files#createDirectories} with every directory it creates 0700 (the store root too, if missing). */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, PRIVATE_DIR);
    }

    /** A new directory, 0700. */
    public static Path createDirectory(Path dir) throws IOException {
        return Files.createDirectory(dir, PRIVATE_DIR);
    }

    /** Writes {@code content} to {@code file}, created 0600 if missing (an existing file keeps its mode). */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, content, PRIVATE_FILE);
    }

    /** Writes {@code content} to {@code file}, created with {@code mode} if missing. */
    public static void write(Path file, byte[] content, FileAttribute<Set<PosixFilePermission>> mode) throws IOException {
        try (FileChannel ch = FileChannel.open(file, CREATE_OR_REPLACE, mode)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
        }
    }

    /** Creates {@code file} empty and 0600 if it is missing. */
    public static void createFileIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file, PRIVATE_FILE);
        } catch (FileAlreadyExistsException e) {
            // there already: fine
        }
    }
}
