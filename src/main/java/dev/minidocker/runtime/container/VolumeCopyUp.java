package dev.minidocker.runtime.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Docker's volume initialisation: a volume that is empty when a container mounts it gets the
 * image's content at the mount point (files, directories, symlinks with their owners, modes and
 * times). The image's layers are read top-most first; the first layer that has a path wins, and an
 * overlay whiteout (a 0/0 character device) hides the path in the layers below.
 *
 * @param data        the volume's {@code _data} directory
 * @param destination the mount point in the container
 */
public record VolumeCopyUp(Path data, String destination) {

    /** Copies if the volume is empty and the image has a directory at the mount point. */
    public void run(List<String> lowerDirsTopFirst) {
        try {
            if (!isEmpty(data)) return;
            Set<Path> seen = new HashSet<>();
            String relative = destination.replaceFirst("^/+", "");
            boolean rootCopied = false;
            for (String layer : lowerDirsTopFirst) {
                Path src = Path.of(layer).resolve(relative);
                if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                    if (Files.exists(src, LinkOption.NOFOLLOW_LINKS)) break; // a file or whiteout hides what is below
                    continue;
                }
                if (!rootCopied) {
                    copyOwnerAndMode(src, data);
                    rootCopied = true;
                }
                copyTree(src, data, Path.of(""), seen);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copy the image's " + destination + " into volume " + data + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    private static void copyTree(Path srcDir, Path dstDir, Path rel, Set<Path> seen) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(srcDir)) {
            for (Path src : entries) {
                Path r = rel.resolve(src.getFileName().toString());
                Path dst = dstDir.resolve(src.getFileName().toString());
                BasicFileAttributes a = Files.readAttributes(src, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (seen.contains(r)) {
                    if (a.isDirectory() && Files.isDirectory(dst, LinkOption.NOFOLLOW_LINKS)) copyTree(src, dst, r, seen);
                    continue;
                }
                seen.add(r);
                if (a.isOther()) continue; // a whiteout (or a device node: Docker copies those; rare in VOLUME paths)
                if (a.isDirectory()) {
                    Files.createDirectory(dst);
                    copyTree(src, dst, r, seen);
                    copyOwnerAndMode(src, dst);
                } else {
                    Files.copy(src, dst, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                    copyOwner(src, dst);
                }
            }
        }
    }

    private static void copyOwnerAndMode(Path src, Path dst) throws IOException {
        copyOwner(src, dst);
        FileTime t = Files.getLastModifiedTime(src, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(dst, t);
    }

    private static void copyOwner(Path src, Path dst) throws IOException {
        Files.setAttribute(dst, "unix:uid", Files.getAttribute(src, "unix:uid", LinkOption.NOFOLLOW_LINKS), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dst, "unix:gid", Files.getAttribute(src, "unix:gid", LinkOption.NOFOLLOW_LINKS), LinkOption.NOFOLLOW_LINKS);
        // after chown, which clears setuid/setgid bits: the full mode again (symlinks have none of their own)
        if (!Files.isSymbolicLink(dst)) Files.setAttribute(dst, "unix:mode", Files.getAttribute(src, "unix:mode", LinkOption.NOFOLLOW_LINKS));
    }
}
