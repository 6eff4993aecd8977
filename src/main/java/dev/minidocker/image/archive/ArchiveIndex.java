package dev.minidocker.image.archive;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The regular files of an image archive (a tar), by name, with their data offsets: any member
 * can then be streamed straight from the file, several at once, without unpacking the archive.
 * Symbolic links between members (Docker's legacy format uses them for repeated layers) resolve.
 */
final class ArchiveIndex {
    private record Member(long offset, long size) {}

    private final Path file;
    private final Map<String, Member> members = new HashMap<>();

    ArchiveIndex(Path file) {
        this.file = file;
        Map<String, String> links = new HashMap<>();
        try (TarFile tar = new TarFile(file)) {
            for (TarArchiveEntry e : tar.getEntries()) {
                String name = normalise(e.getName());
                if (e.isSymbolicLink()) {
                    links.put(name, resolveLink(name, e.getLinkName()));
                } else if (e.isLink()) {
                    links.put(name, normalise(e.getLinkName()));
                } else if (e.isFile() && !e.isSparse()) {
                    members.put(name, new Member(e.getDataOffset(), e.getSize()));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MiniDockerException("open " + file + ": no such file");
        } catch (IOException e) {
            throw new MiniDockerException("read archive " + file + ": " + e.getMessage(), e);
        }
        for (int round = 0; round < 8 && !links.isEmpty(); round++) {
            links.entrySet().removeIf(l -> {
                Member target = members.get(l.getValue());
                if (target != null) members.put(l.getKey(), target);
                return target != null;
            });
        }
    }

    boolean has(String name) {
        return members.containsKey(normalise(name));
    }

    long size(String name) {
        return member(name).size();
    }

    byte[] read(String name) throws IOException {
        Member m = member(name);
        if (m.size() > 64L << 20) throw new MiniDockerException("archive member " + name + " is too large to be metadata");
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    Optional<byte[]> readIfPresent(String name) throws IOException {
        return has(name) ? Optional.of(read(name)) : Optional.empty();
    }

    /** A stream over one member's bytes, read directly from the archive file. */
    InputStream open(String name) throws IOException {
        Member m = member(name);
        return new MemberStream(FileChannel.open(file, StandardOpenOption.READ), m.offset(), m.offset() + m.size());
    }

    /** Positional reads of [pos, end) of the archive file. */
    private static final class MemberStream extends InputStream {
        private final FileChannel channel;
        private long pos;
        private final long end;

        MemberStream(FileChannel channel, long pos, long end) {
            this.channel = channel;
            this.pos = pos;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) return -1;
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
            if (n < 0) throw new java.io.EOFException("archive ends inside a member");
            pos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private Member member(String name) {
        Member m = members.get(normalise(name));
        if (m == null) throw new MiniDockerException("archive " + file.getFileName() + " has no file " + name);
        return m;
    }

    static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        while (n.startsWith("/")) n = n.substring(1);
        return n;
    }

    private static String resolveLink(String name, String target) {
        if (target.startsWith("/")) return normalise(target);
        Path base = Path.of(name).getParent();
        Path resolved = (base == null ? Path.of(target) : base.resolve(target)).normalize();
        return normalise(resolved.toString());
    }
}
