package dev.minidocker.engine.container;

import dev.minidocker.engine.Engine;
import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.image.store.RootfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code run -r linux.tar}: a root file system tarball (what {@code docker export} writes; plain
 * or compressed) is extracted, with the layer extractor's safety, into a directory the container
 * owns ({@code containers/<id>.rootfs}, removed with it), and the run goes on as a run of that
 * directory. A directory given to -r is used as it is.
 */
final class TarballRootfs {
    private TarballRootfs() {
    }

    static RunRequest prepare(Engine engine, RunRequest request, String id) {
        Path given = request.rootfs();
        if (given == null || !Files.isRegularFile(given)) return request;
        Path target = engine.containerStore().extractedRootfs(id);
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectory(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            try (InputStream in = Files.newInputStream(given)) {
                RootfsImporter.extract(in, target);
            }
        } catch (IOException | RuntimeException e) {
            delete(target);
            if (e instanceof IOException io) throw new UncheckedIOException("run -r " + given + ": " + io.getMessage(), io);
            throw (RuntimeException) e;
        }
        return request.withRootfs(target);
    }

    /** After a failed plan or create: the extracted tree goes unless a record now owns it. */
    static void discardIfUnused(Engine engine, RunRequest prepared, RunRequest original, String id) {
        if (prepared == original) return;
        if (engine.containerStore().load(id).isPresent()) return; // rm removes it with the container
        delete(prepared.rootfs());
    }

    private static void delete(Path dir) {
        try {
            AtomicFiles.deleteTree(dir);
        } catch (IOException ignored) {
            // best effort: a failed run's leftover, in the store's containers/ dir
        }
    }
}
