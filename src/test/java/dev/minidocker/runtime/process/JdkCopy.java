package dev.minidocker.runtime.process;

import dev.minidocker.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A private copy of the JDK this test JVM runs on, to run stage 2 from in attacks that may
 * rewrite it: a test that fails must damage only the copy. It sits in a directory that is a shared
 * bind mount on the host, so a mount made beneath it in a namespace that was not made private
 * first would show up in the host's mount table.
 */
final class JdkCopy implements AutoCloseable {
    /** Not needed to run java, and large. */
    private static final Set<String> SKIPPED = Set.of("src.zip", "ct.sym", "jmods", "man", "include", "legal", "demo");

    final Path dir;
    final Path home;
    final Path java;

    private JdkCopy(Path dir) {
        this.dir = dir;
        this.home = dir.resolve("jdk");
        this.java = home.resolve("bin/java");
    }

    static JdkCopy create() throws IOException {
        JdkCopy copy = new JdkCopy(Files.createTempDirectory("md-jdkcopy"));
        Tools.run("mount", "--bind", copy.dir.toString(), copy.dir.toString());
        Tools.run("mount", "--make-shared", copy.dir.toString());
        Path from = Path.of(System.getProperty("java.home"));
        try (Stream<Path> walk = Files.walk(from)) {
            Files.createDirectory(copy.home);
            for (Path p : walk.toList()) {
                Path rel = from.relativize(p);
                if (rel.toString().isEmpty()) continue;
                boolean skipped = false;
                for (Path part : rel) skipped |= SKIPPED.contains(part.toString());
                if (skipped) continue;
                Files.copy(p, copy.home.resolve(rel.toString()), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | RuntimeException e) {
            copy.close();
            throw e;
        }
        return copy;
    }

    /** Stage 2 run by this copy's java, from the same class path as the real one. */
    Stage2Command stage2() {
        return Stage2Command.of(java.toString(), Stage2Command.discover().classPath(), null);
    }

    /** Mount points on the host at or beneath the copy's directory. */
    List<String> hostMountsBeneath() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                    .filter(m -> m.startsWith(dir.toString())).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The ELF interpreter (PT_INTERP) of an executable, e.g. /lib64/ld-linux-x86-64.so.2. */
    static String interpreter(Path elf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = b.getShort(0x36), phnum = b.getShort(0x38);
        for (int i = 0; i < phnum; i++) {
            int ph = (int) phoff + i * phentsize;
            if (b.getInt(ph) == 3) { // PT_INTERP
                int offset = (int) b.getLong(ph + 8), size = (int) b.getLong(ph + 32);
                return new String(b.array(), offset, size - 1, StandardCharsets.US_ASCII);
            }
        }
        throw new IllegalStateException(elf + " has no ELF interpreter");
    }

    @Override
    public void close() {
        Tools.run("umount", "--recursive", dir.toString()); // with whatever a failing test let propagate
        Tools.deleteTree(dir);
    }
}
