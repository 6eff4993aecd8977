package dev.minidocker.image.layer;

import dev.minidocker.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;

/** Directory trees for layer writer tests, made with the JDK and standard tools (not mini-docker). */
final class LayerTrees {
    private LayerTrees() {}

    /** What any user can create: files, dirs, symlinks (one pointing out), hardlinks, a FIFO, odd modes, user xattrs. */
    static void unprivileged(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc/app"));
        Files.writeString(root.resolve("etc/app/config"), "key=value\n");
        Files.createDirectories(root.resolve("bin"));
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("bin/tool"), big);
        Tools.run("chmod", "4755", root.resolve("bin/tool").toString());
        Files.createLink(root.resolve("bin/tool-link"), root.resolve("bin/tool"));
        Files.createLink(root.resolve("etc/app/config-hardlink"), root.resolve("etc/app/config"));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("tool"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("etc/app/up"), Path.of("../../bin"));
        Files.createDirectories(root.resolve("tmp"));
        Tools.run("chmod", "1777", root.resolve("tmp").toString());
        Files.writeString(root.resolve("empty"), "");
        Tools.run("mkfifo", "-m", "0640", root.resolve("fifo").toString());
        String longName = "d".repeat(120) + "/" + "f".repeat(150) + "-\u00e9t\u00e9";
        Files.createDirectories(root.resolve(longName).getParent());
        Files.writeString(root.resolve(longName), "long name\n");
        Files.writeString(root.resolve("with-xattr"), "x");
        setXattr(root.resolve("with-xattr"), "user.comment", "hello".getBytes());
        setXattr(root.resolve("with-xattr"), "user.binary", new byte[] {0, (byte) 0xff, (byte) 0x80, 1});
        Files.setLastModifiedTime(root.resolve("etc/app/config"), FileTime.fromMillis(1_600_000_000_123L));
    }

    /** Root only: owners, device nodes, a file capability. */
    static void privileged(Path root) throws IOException {
        Files.createDirectories(root.resolve("home/app"));
        Files.writeString(root.resolve("home/app/notes"), "mine\n");
        Tools.run("chown", "-R", "1000:1000", root.resolve("home/app").toString());
        Files.writeString(root.resolve("big-ids"), "");
        Tools.run("chown", "3000000:4000000", root.resolve("big-ids").toString());
        Files.createDirectories(root.resolve("dev"));
        Tools.run("mknod", "-m", "0666", root.resolve("dev/null").toString(), "c", "1", "3");
        Tools.run("mknod", "-m", "0660", root.resolve("dev/sda9").toString(), "b", "8", "9");
        Files.copy(root.resolve("bin/tool"), root.resolve("bin/ping"));
        Tools.run("setcap", "cap_net_raw,cap_setuid+ep", root.resolve("bin/ping").toString());
    }

    static void setXattr(Path p, String key, byte[] value) {
        Tools.run("python3", "-c", "import os,sys; os.setxattr(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]), follow_symlinks=False)",
                p.toString(), key, java.util.HexFormat.of().formatHex(value));
    }

    static byte[] tarOf(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LayerTarWriter().write(dir, out);
        return out.toByteArray();
    }
}
