package dev.minidocker.cli;

import dev.minidocker.engine.HostFacts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The image {@link AotTrainingRegistry} serves as {@code train:latest}: an OCI index naming a
 * manifest for this host, two gzip layers with directories, regular files larger than the layer
 * writer's buffer, a symlink and a hard link. One layer is poorly compressible and over 8 MiB
 * gzip'ed, so pushing it back takes the chunked (PATCH) upload, as large layers do. Content is
 * seeded, so every cache sees the same pull and push.
 */
record AotTrainingImage(byte[] index, byte[] manifest, byte[] config, List<byte[]> layers) {
    // Spelled out rather than taken from image/: cli calls only the engine (ArchitectureTest).
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** "sha256:HEX" of {@code data}, as a registry names blobs. */
    static String sha256(byte[] data) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static AotTrainingImage make() throws IOException {
        byte[] app = layer(false);
        byte[] logs = layer(true);
        String arch = HostFacts.goArch();
        byte[] config = json("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId(app) + "\",\"" + diffId(logs) + "\"]}}");
        byte[] manifest = json("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"config\":" + descriptor(OCI_CONFIG, config) + ","
                + "\"layers\":[" + descriptor(OCI_LAYER_GZIP, app) + ","
                + descriptor(OCI_LAYER_GZIP, logs) + "]}");
        byte[] index = json("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{"
                + "\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + sha256(manifest)
                + "\",\"size\":" + manifest.length + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}]}");
        return new AotTrainingImage(index, manifest, config, List.of(app, logs));
    }

    /** A gzip layer: compressible text ({@code logs}) or a small root with poorly compressible files. */
    private static byte[] layer(boolean logs) throws IOException {
        Random random = new Random(logs ? 2 : 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out), "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            if (logs) {
                directory(tar, "var/");
                directory(tar, "var/log/");
                StringBuilder text = new StringBuilder();
                for (int i = 0; text.length() < (3 << 20); i++) {
                    text.append("2024-01-01T00:00:").append(i % 60).append(" INFO request ").append(random.nextInt(1000))
                            .append(" served in ").append(random.nextInt(500)).append(" ms\n");
                }
                file(tar, "var/log/app.log", text.toString().getBytes(StandardCharsets.UTF_8), 0644);
            } else {
                for (String d : new String[] {"bin/", "etc/", "usr/", "usr/lib/", "tmp/"}) directory(tar, d);
                byte[] binary = new byte[9 << 20];   // > BlobUploader.MONOLITHIC_MAX once gzip'ed: a chunked upload
                random.nextBytes(binary);
                file(tar, "bin/busybox", binary, 0755);
                file(tar, "etc/hostname", "training\n".getBytes(StandardCharsets.UTF_8), 0644);
                TarArchiveEntry link = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
                TarArchiveEntry hard = new TarArchiveEntry("bin/ls", TarArchiveEntry.LF_LINK);
                hard.setLinkName("bin/busybox");
                tar.putArchiveEntry(hard);
                tar.closeArchiveEntry();
                for (int i = 0; i < 64; i++) {
                    file(tar, "usr/lib/lib" + i + ".so", ("library " + i).repeat(1 + i * 50).getBytes(StandardCharsets.UTF_8), 0644);
                }
            }
        }
        return out.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100000 | mode);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static String diffId(byte[] gzip) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return sha256(in.readAllBytes());
        }
    }

    private static String descriptor(String type, byte[] blob) {
        return "{\"mediaType\":\"" + type + "\",\"digest\":\"" + sha256(blob) + "\",\"size\":" + blob.length + "}";
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
