package dev.minidocker.image.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Turns an extracted layer ({@code diff/}, overlay-form whiteouts) back into a layer tar:
 * a 0/0 character device becomes {@code .wh.<name>}, an opaque directory gets
 * {@code .wh..wh..opq}. Entries are sorted, so the same directory always gives the same bytes.
 */
final class LayerTarWriter {
    private static final String ATTRS = "unix:mode,uid,gid,rdev,ino,dev,nlink,lastModifiedTime,size";
    private final Predicate<Path> isOpaque;

    LayerTarWriter(Predicate<Path> isOpaque) {
        this.isOpaque = isOpaque;
    }

    void write(Path diff, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        Map<String, String> firstPathOfInode = new HashMap<>();
        walk(diff, "", tar, firstPathOfInode);
        tar.finish();
    }

    private void walk(Path dir, String prefix, TarArchiveOutputStream tar, Map<String, String> inodes) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        }
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path p : children) {
            String name = prefix + p.getFileName();
            Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int type = mode & 0170000;
            TarArchiveEntry e;
            switch (type) {
                case 0040000 -> {
                    e = entry(name + "/", TarConstants.LF_DIR, a);
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                    if (isOpaque.test(p)) empty(tar, name + "/.wh..wh..opq");
                    walk(p, name + "/", tar, inodes);
                    continue;
                }
                case 0120000 -> {
                    e = entry(name, TarConstants.LF_SYMLINK, a);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                }
                case 0100000 -> {
                    String inode = a.get("dev") + ":" + a.get("ino");
                    String first = (Integer) a.get("nlink") > 1 ? inodes.putIfAbsent(inode, name) : null;
                    if (first != null) {
                        e = entry(name, TarConstants.LF_LINK, a);
                        e.setLinkName(first);
                    } else {
                        e = entry(name, TarConstants.LF_NORMAL, a);
                        e.setSize((Long) a.get("size"));
                        tar.putArchiveEntry(e);
                        Files.copy(p, tar);
                        tar.closeArchiveEntry();
                        continue;
                    }
                }
                case 0020000, 0060000 -> {
                    long rdev = (Long) a.get("rdev");
                    if (type == 0020000 && rdev == 0) {
                        // overlay whiteout -> OCI whiteout file
                        empty(tar, prefix + ".wh." + p.getFileName());
                        continue;
                    }
                    e = entry(name, type == 0020000 ? TarConstants.LF_CHR : TarConstants.LF_BLK, a);
                    e.setDevMajor((int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)));
                    e.setDevMinor((int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)));
                }
                case 0010000 -> e = entry(name, TarConstants.LF_FIFO, a);
                default -> {
                    continue; // sockets cannot be archived
                }
            }
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }
    }

    private static TarArchiveEntry entry(String name, byte type, Map<String, Object> a) {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setMode((Integer) a.get("mode") & 07777);
        e.setUserId(((Integer) a.get("uid")).longValue());
        e.setGroupId(((Integer) a.get("gid")).longValue());
        e.setModTime((FileTime) a.get("lastModifiedTime"));
        return e;
    }

    private static void empty(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setMode(0644);
        e.setModTime(FileTime.fromMillis(0));
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }
}
