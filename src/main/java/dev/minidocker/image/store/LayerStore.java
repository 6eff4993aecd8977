package dev.minidocker.image.store;

import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.image.Digest;
import dev.minidocker.json.Json;
import dev.minidocker.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Extracted layers: {@code layers/<diffid-hex>/diff/} plus {@code layer.json} (DiffID and size).
 * A layer directory appears by one rename of a complete, verified directory, so its presence
 * alone means "complete": there is no half-extracted state under {@code layers/}.
 */
public final class LayerStore {
    private static final String INFO = "layer.json";
    static final String TAR_SPLIT = "tar-split.gz";
    private final Path dir;
    private final TempDirs temp;

    public LayerStore(Path dir, TempDirs temp) {
        this.dir = dir;
        this.temp = temp;
    }

    public boolean has(Digest diffId) {
        return Files.isDirectory(dir.resolve(diffId.hex()).resolve("diff"), LinkOption.NOFOLLOW_LINKS);
    }

    public Path diffDir(Digest diffId) {
        return dir.resolve(diffId.hex()).resolve("diff");
    }

    /** {@code layers/<hex>}: diff/, layer.json, and what {@link LayerBlobs} and the tar-split keep. */
    public Path layerDir(Digest diffId) {
        return dir.resolve(diffId.hex());
    }

    /**
     * The layer's tar-split ({@link dev.minidocker.image.layer.TarSplitRecorder}): with diff/ it
     * rebuilds the exact tar. Absent for layers stored before it was recorded.
     */
    public Path tarSplit(Digest diffId) {
        return dir.resolve(diffId.hex()).resolve(TAR_SPLIT);
    }

    /**
     * The layer's size in bytes as recorded when it was committed (0 if unknown). Read with the
     * small reader: a push asks it first for every layer, and Jackson's first parse (BigDecimal's
     * start-up included) held the first upload back ~40 ms.
     */
    public long size(Digest diffId) {
        try {
            if (JsonValues.parse(Files.readAllBytes(dir.resolve(diffId.hex()).resolve(INFO))) instanceof Map<?, ?> info
                    && info.get("size") instanceof Number size) {
                return size.longValue();
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Moves {@code prepared} (which holds a complete {@code diff/}) to {@code layers/<hex>}.
     * Returns false, and leaves {@code prepared} to its temp owner, when another puller won.
     */
    public boolean commit(Digest diffId, Path prepared) throws IOException {
        long size = sizeOf(prepared.resolve("diff"));
        StoreFiles.write(prepared.resolve(INFO), Json.MAPPER.writeValueAsBytes(
                Map.of("diffId", diffId.toString(), "size", size)));
        StoreFiles.createDirectories(dir);
        Path target = dir.resolve(diffId.hex());
        try {
            Files.move(prepared, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            return false;
        }
        AtomicFiles.fsyncDirectory(dir);
        return true;
    }

    /** Removes a layer: first renamed into tmp/ (so it is never seen half-deleted), then deleted. */
    public void remove(Digest diffId) {
        Path source = dir.resolve(diffId.hex());
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) return;
        try (TempDirs.TempDir t = temp.create("rm-layer")) {
            Files.move(source, t.path().resolve("layer"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("remove layer " + diffId + ": " + e.getMessage(), e);
        }
    }

    public List<Digest> list() {
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String hex = p.getFileName().toString();
                if (hex.length() == 64 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    out.add(new Digest("sha256", hex));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Bytes of regular files plus symlinks in the tree, as {@code du --apparent-size} would count. */
    static long sizeOf(Path root) throws IOException {
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) total.addAndGet(attrs.size());
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return total.get();
    }
}
