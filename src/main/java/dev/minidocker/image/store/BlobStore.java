package dev.minidocker.image.store;

import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.image.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Content-addressed small blobs (manifests, configs): {@code blobs/<algorithm>/<hex>}. */
public final class BlobStore {
    private final Path dir;

    public BlobStore(Path dir) {
        this.dir = dir;
    }

    public Path path(Digest d) {
        return dir.resolve(d.algorithm()).resolve(d.hex());
    }

    public boolean has(Digest d) {
        return Files.isRegularFile(path(d));
    }

    /** Stores {@code content} after checking it hashes to {@code expected}. */
    public void put(Digest expected, byte[] content, String what) {
        Digests.verify(expected, content, what);
        try {
            if (has(expected)) return;
            StoreFiles.createDirectories(path(expected).getParent());
            AtomicFiles.write(path(expected), content);
        } catch (IOException e) {
            throw new UncheckedIOException("store " + what + " " + expected + ": " + e.getMessage(), e);
        }
    }

    /** The blob's bytes, re-verified: a blob damaged on disk is reported, not used. */
    public byte[] get(Digest d, String what) {
        byte[] content;
        try {
            content = Files.readAllBytes(path(d));
        } catch (IOException e) {
            throw new UncheckedIOException("read " + what + " " + d + ": " + e.getMessage(), e);
        }
        Digests.verify(d, content, what + " in the store");
        return content;
    }

    public void delete(Digest d) {
        try {
            Files.deleteIfExists(path(d));
        } catch (IOException e) {
            throw new UncheckedIOException("delete blob " + d + ": " + e.getMessage(), e);
        }
    }

    public List<Digest> list() {
        List<Digest> out = new ArrayList<>();
        for (String alg : List.of("sha256", "sha512")) {
            Path sub = dir.resolve(alg);
            if (!Files.isDirectory(sub)) continue;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(sub)) {
                for (Path p : s) {
                    String hex = p.getFileName().toString();
                    if (!hex.startsWith(".")) out.add(new Digest(alg, hex));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("list " + sub + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
