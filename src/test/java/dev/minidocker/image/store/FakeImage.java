package dev.minidocker.image.store;

import dev.minidocker.image.Descriptor;
import dev.minidocker.image.Digest;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.Manifest;
import dev.minidocker.image.MediaTypes;
import dev.minidocker.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * An in-memory image served by a fake {@link ImageSource}: layers are arbitrary byte strings
 * (gzip-compressed), which {@link #WRITER} "applies" by copying them into a file. Knobs let a test
 * corrupt a blob, lie about a DiffID, or break a stream part-way.
 */
final class FakeImage implements ImageSource {
    /** Decompresses gzip and writes the tar stream verbatim to {@code content}. */
    static final LayerWriter WRITER = new LayerWriter() {
        @Override
        public InputStream decompress(InputStream in, MediaTypes.Compression c) throws IOException {
            return c == MediaTypes.Compression.GZIP ? new GZIPInputStream(in) : in;
        }

        @Override
        public void apply(InputStream tar, Path dir) throws IOException {
            Files.copy(tar, dir.resolve("content"));
        }
    };

    final List<byte[]> layerContents;
    final List<byte[]> blobs = new ArrayList<>();
    final List<Descriptor> layers = new ArrayList<>();
    final List<Digest> diffIds = new ArrayList<>();
    final byte[] configBytes;
    final Descriptor configDescriptor;
    final byte[] manifestBytes;
    final Manifest manifest;
    final Map<Digest, AtomicInteger> opens = new ConcurrentHashMap<>();
    /** Bytes of a blob served on the first {@code failFirstOpens} opens before an IOException. */
    volatile int failFirstOpens;
    /** Serve half of each layer, then hang (a stalled download, for kill tests). */
    volatile boolean hangHalfway;

    FakeImage(String configMarker, String... layerTexts) {
        this(configMarker, null, layerTexts);
    }

    /** {@code wrongDiffId}: index of a layer whose DiffID the config misstates (or null). */
    FakeImage(String configMarker, Integer wrongDiffId, String... layerTexts) {
        layerContents = new ArrayList<>();
        for (String t : layerTexts) layerContents.add(t.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < layerContents.size(); i++) {
            byte[] gz = gzip(layerContents.get(i));
            blobs.add(gz);
            layers.add(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(gz), gz.length));
            byte[] diffSource = Integer.valueOf(i).equals(wrongDiffId) ? "other".getBytes() : layerContents.get(i);
            diffIds.add(Digest.sha256(diffSource));
        }
        try {
            ImageConfig config = new ImageConfig("2024-01-02T03:04:05Z", null, "amd64", "linux", null,
                    new ImageConfig.Config(null, null, List.of("PATH=/bin"), null, List.of("sh"), null, null, null, null),
                    new ImageConfig.RootFs("layers", diffIds), null);
            String json = Json.MAPPER.writeValueAsString(config);
            // The marker makes distinct images with identical layers have distinct ids.
            configBytes = (json.substring(0, json.length() - 1) + ",\"marker\":\"" + configMarker + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            configDescriptor = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
            manifest = new Manifest(2, MediaTypes.OCI_MANIFEST, configDescriptor, layers, null);
            manifestBytes = Json.MAPPER.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Digest id() {
        return configDescriptor.digest();
    }

    @Override
    public SourceManifest resolve() {
        return new SourceManifest(Digest.sha256(manifestBytes), manifest, manifestBytes, MediaTypes.OCI_MANIFEST);
    }

    @Override
    public byte[] fetchBlob(Descriptor blob) {
        return configBytes;
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        int n = opens.computeIfAbsent(blob.digest(), d -> new AtomicInteger()).incrementAndGet();
        byte[] bytes = blobs.get(layers.indexOf(blob));
        if (n <= failFirstOpens) return new BreakingStream(bytes, bytes.length / 2);
        if (hangHalfway) {
            return new java.io.SequenceInputStream(new ByteArrayInputStream(bytes, 0, bytes.length / 2), new InputStream() {
                @Override
                public int read() throws IOException {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("interrupted");
                }
            });
        }
        return new ByteArrayInputStream(bytes);
    }

    /** Replaces a blob's bytes without changing its descriptor (a corrupt registry). */
    void corruptBlob(int index) {
        blobs.set(index, gzip("something else entirely".getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Serves {@code limit} bytes, then fails like a dropped connection. */
    private static final class BreakingStream extends ByteArrayInputStream {
        private final int limit;

        BreakingStream(byte[] data, int limit) {
            super(data);
            this.limit = limit;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (pos >= limit) throw new UncheckedIOException(new IOException("connection reset"));
            return super.read(b, off, Math.min(len, limit - pos));
        }
    }
}
