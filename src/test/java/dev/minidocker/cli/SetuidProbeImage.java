package dev.minidocker.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A one-layer Docker archive for {@code load}: Debian's static busybox (sh, cp, chmod, cat), and the
 * host's own {@code id} twice: {@code /probe} (0755) and {@code /probe-suid} (setuid root, 04755).
 * Run by another user on the host, a setuid copy of {@code id} prints {@code euid=0(root)}: the
 * store's modes are what must keep such a file out of that user's reach.
 */
final class SetuidProbeImage {
    static final String NAME = "md-setuid-probe:latest";
    static final Path ID = Path.of("/usr/bin/id");

    private SetuidProbeImage() {}

    static void write(Path archive) throws IOException {
        byte[] layer = layer();
        String diffId = sha256(layer);
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
        byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configName = sha256(config) + ".json";
        byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + NAME + "\"],\"Layers\":[\""
                + diffId + "/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8);
        try (OutputStream file = Files.newOutputStream(archive); TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            add(tar, file(configName, 0644, config));
            add(tar, file(diffId + "/layer.tar", 0644, layer));
            add(tar, file("manifest.json", 0644, manifest));
        }
    }

    private static byte[] layer() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] id = Files.readAllBytes(ID);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (String d : List.of("bin/", "etc/", "proc/", "sys/", "dev/")) add(tar, entry(d, TarConstants.LF_DIR, 0755), null);
            add(tar, entry("tmp/", TarConstants.LF_DIR, 01777), null);
            add(tar, file("bin/busybox", 0755, Files.readAllBytes(BusyboxRootfs.BUSYBOX)));
            for (String applet : List.of("sh", "cp", "chmod", "cat", "true")) {
                TarArchiveEntry link = entry("bin/" + applet, TarConstants.LF_SYMLINK, 0777);
                link.setLinkName("busybox");
                add(tar, link, null);
            }
            add(tar, file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8)));
            add(tar, file("probe", 0755, id));
            add(tar, file("probe-suid", 04755, id));
        }
        return out.toByteArray();
    }

    private record Member(TarArchiveEntry entry, byte[] content) {}

    private static Member file(String name, int mode, byte[] content) {
        return new Member(entry(name, TarConstants.LF_NORMAL, mode), content);
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode(mode);
        e.setUserId(0);
        e.setGroupId(0);
        return e;
    }

    private static void add(TarArchiveOutputStream tar, Member m) throws IOException {
        add(tar, m.entry(), m.content());
    }

    private static void add(TarArchiveOutputStream tar, TarArchiveEntry e, byte[] content) throws IOException {
        if (content != null) e.setSize(content.length);
        tar.putArchiveEntry(e);
        if (content != null) tar.write(content);
        tar.closeArchiveEntry();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
