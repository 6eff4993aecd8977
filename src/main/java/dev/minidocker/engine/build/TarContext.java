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
            new LayerApplier().apply(new Terminated(in), dir);
            return new TarContext(tmp, dir);
        } catch (IOException | RuntimeException e) {
            tmp.close();
            throw new MiniDockerException("read the build context: " + e.getMessage(), e);
        }
    }

    /**
     * The tar as Go's reader takes it: the docker client, when it adds a Dockerfile from outside
     * the context, ends the stream right after that file's bytes (no padding, no end blocks), which
     * Go reads as the end. Here the missing padding and the two zero blocks are supplied at EOF.
     * (A body cut short elsewhere is still an error: the chunked decoder sees it.)
     */
    private static final class Terminated extends java.io.FilterInputStream {
        private long count;
        private long zeros = -1;

        Terminated(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (zeros < 0) {
                int n = in.read(b, off, len);
                if (n >= 0) {
                    count += n;
                    return n;
                }
                zeros = (512 - count % 512) % 512 + 1024;
            }
            if (zeros == 0) return -1;
            int n = (int) Math.min(len, zeros);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            zeros -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long done = 0;
            for (int r; done < n && (r = read(buf, 0, (int) Math.min(buf.length, n - done))) > 0; ) done += r;
            return done;
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
