package dev.minidocker.engine.build;

import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.image.Digest;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.StoredImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The classic builder's cache: a step's result image is found again by a key made of its parent
 * image, its instruction (as the history records it, with the build args it sees), the config it
 * leads to, and for COPY/ADD the hash of the sources' names, modes, owners and bytes. Entries are
 * files {@code build-cache/<sha256 of key>} holding the untagged result image's id; an entry whose
 * image was removed (rmi, image prune) is a miss.
 */
final class BuildCache {
    private final ImageStore store;
    private final Path dir;

    BuildCache(ImageStore store) {
        this.store = store;
        this.dir = store.root().resolve("build-cache");
    }

    static String key(String... parts) {
        var md = Digest.newSha256();
        for (String p : parts) {
            md.update((p == null ? "\u0000null" : p).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0x1e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    Optional<StoredImage> lookup(String key) {
        Path entry = dir.resolve(key);
        try {
            if (!Files.isRegularFile(entry)) return Optional.empty();
            String id = Files.readString(entry).strip();
            return store.find(id).filter(i -> i.imageId().toString().equals(id));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void remember(String key, Digest imageId) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(key), imageId.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a cache that cannot be written only costs the next build its hits
        }
    }
}
