package dev.minidocker.image.archive;

import dev.minidocker.image.MediaTypes;
import dev.minidocker.image.store.LayerWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Test-only tar helpers: build small tars, and a minimal extractor (regular files and dirs). */
final class TarFixtures {
    private TarFixtures() {}

    /** Extracts only directories and regular files; enough for round-trip tests without root. */
    static final LayerWriter SIMPLE_WRITER = new LayerWriter() {
        @Override
        public InputStream decompress(InputStream in, MediaTypes.Compression c) throws IOException {
            return c == MediaTypes.Compression.GZIP ? new GZIPInputStream(in) : in;
        }

        @Override
        public void apply(InputStream tarStream, Path dir) throws IOException {
            TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Path p = dir.resolve(e.getName()).normalize();
                if (!p.startsWith(dir)) throw new IOException("entry escapes layer: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else if (e.isFile()) {
                    Files.createDirectories(p.getParent());
                    Files.copy(tar, p);
                }
            }
            tarStream.transferTo(OutputStream.nullOutputStream());
        }
    };

    /** A tar with the given files (path -> text); parent dirs are created implicitly. */
    static byte[] tar(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (var f : new java.util.TreeMap<>(files).entrySet()) {
                byte[] b = f.getValue().getBytes();
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(b.length);
                t.putArchiveEntry(e);
                t.write(b);
                t.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes an archive file from member name -> bytes. */
    static void archive(Path file, Map<String, byte[]> members) throws IOException {
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            for (var m : members.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(m.getKey());
                e.setSize(m.getValue().length);
                t.putArchiveEntry(e);
                t.write(m.getValue());
                t.closeArchiveEntry();
            }
        }
    }
}
