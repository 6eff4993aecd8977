package dev.minidocker.engine.build;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.layer.LayerApplier;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.TempDirs;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * A build context that comes as a tar stream ({@code build -}, {@code POST /build}): plain or
 * compressed, extracted by the layer applier (no entry lands outside the directory) into a
 * temporary directory of the store, which closing removes.
 */
public final class TarContext implements AutoCloseable {
    private final TempDirs.TempDir tmp;
    private final Path dir;

    private TarContext(TempDirs.TempDir tmp, Path dir) {
        this.tmp = tmp;
        this.dir = dir;
    }

    public static TarContext extract(InputStream tar, ImageStore store) {
        TempDirs.TempDir tmp = store.temp().create("build-context");
        try {
            Path dir = tmp.path().resolve("context");
            Files.createDirectory(dir);
            InputStream in = new BufferedInputStream(tar, 1 << 16);
            try {
                String kind = CompressorStreamFactory.detect(in);
                in = new CompressorStreamFactory().createCompressorInputStream(kind, in);
            } catch (CompressorException plain) {
                // an uncompressed tar
            }
            new LayerApplier().apply(in, dir);
            return new TarContext(tmp, dir);
        } catch (IOException | RuntimeException e) {
            tmp.close();
            throw new MiniDockerException("read the build context: " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        tmp.close();
    }
}
