package dev.minidocker.image.store;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.layer.Decompression;
import dev.minidocker.image.layer.LayerApplier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * {@code import}: a root file system tarball (what {@code docker export} writes; plain, gzip,
 * bzip2 or zstd, recognised by its first bytes as docker does) becomes a one-layer image.
 *
 * <p>The tarball is applied (safely: {@link LayerApplier}) into a scratch directory, which is
 * then committed like a container's changes ({@link ImageCommitter}): the layer is the tar
 * {@link dev.minidocker.image.layer.LayerTarWriter} writes of that tree. So the layer holds what
 * a pull of the pushed image gives, whatever the input tar's order, duplicates or formats, at the
 * cost of extracting twice (measured: see the report in bench/). Nothing of the input is kept.
 */
public final class RootfsImporter {
    private final ImageStore store;

    public RootfsImporter(ImageStore store) {
        this.store = store;
    }

    /** Reads {@code tarball} to its end (not closing it) and adds the image; returns what commit returns. */
    public ImageCommitter.Committed importTarball(InputStream tarball, NewImage image) {
        store.cleanStale();
        try (TempDirs.TempDir tmp = store.temp().create("import")) {
            Path rootfs = Files.createDirectory(tmp.path().resolve("rootfs"));
            try (InputStream tar = decompressed(tarball)) {
                new LayerApplier().apply(tar, rootfs);
                tar.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return new ImageCommitter(store).commit(rootfs, image);
        } catch (IOException e) {
            throw new UncheckedIOException("import: " + e.getMessage(), e);
        }
    }

    /**
     * A root file system tarball (plain or compressed) extracted into the existing, empty
     * directory {@code target} with the layer extractor's safety ({@code run -r linux.tar}).
     */
    public static void extract(InputStream tarball, Path target) {
        try (InputStream tar = decompressed(tarball)) {
            new LayerApplier().apply(tar, target);
        } catch (IOException e) {
            throw new UncheckedIOException("extract the root file system: " + e.getMessage(), e);
        }
    }

    /** Docker's DecompressStream: the format from the magic bytes. */
    static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(new java.io.FilterInputStream(raw) {
            @Override
            public void close() {
                // the caller owns the tarball stream
            }
        }, 1 << 16);
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (startsWith(magic, 0x1f, 0x8b, 0x08)) return Decompression.open(in, MediaTypes.Compression.GZIP);
        if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) return Decompression.open(in, MediaTypes.Compression.ZSTD);
        if (startsWith(magic, 'B', 'Z', 'h')) return new BZip2CompressorInputStream(in, true);
        if (startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            throw new MiniDockerException("import: xz-compressed tarballs are not supported; decompress it first (xz -d)");
        }
        return in;
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((data[i] & 0xff) != prefix[i]) return false;
        return true;
    }
}
