package dev.minidocker.engine.build;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.image.layer.LayerApplier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * COPY and ADD into a staging directory that becomes the step's layer: the destination's parents
 * (0755, root), each source as Docker copies it (a directory's CONTENTS go into the destination;
 * a file goes to {@code dest/name} when the destination is a directory, else to {@code dest}),
 * modes and times kept, owners 0:0 or --chown's, --chmod applied; for ADD a local tar (plain,
 * gzip, bzip2, xz, zstd) is extracted into the destination instead, with the tar's owners.
 */
final class CopyStep {
    /** What to copy where. {@code uid}/{@code gid} -1: root; {@code chmod} -1: keep modes. */
    record Spec(List<Path> sources, String dest, boolean destIsDir, int uid, int gid, int chmod, boolean add,
                ImageFiles image, java.util.function.Predicate<Path> excluded) {}

    private CopyStep() {
    }

    static void stage(Spec spec, Path staging) throws IOException {
        String rel = spec.dest().replaceAll("^/+", "");
        Path target = rel.isEmpty() ? staging : staging.resolve(rel);
        Path dir = spec.destIsDir() ? target : target.getParent();
        int uid = Math.max(spec.uid(), 0), gid = Math.max(spec.gid(), 0);
        makeParents(staging, dir, spec.image(), uid, gid);
        for (Path source : spec.sources()) {
            if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                makeParents(staging, target, spec.image(), uid, gid);
                copyTree(source, target, uid, gid, spec.chmod(), spec.excluded());
            } else if (spec.add() && isArchive(source)) {
                makeParents(staging, target, spec.image(), uid, gid);
                extract(source, target);
            } else {
                Path to = spec.destIsDir() ? target.resolve(source.getFileName().toString()) : target;
                copyOne(source, to, uid, gid, spec.chmod());
            }
        }
    }

    /**
     * The directories down to {@code dir} in the layer: one the image has keeps its mode, owner and
     * time; a new one is 0755 and owned by --chown's ids (moby's MkdirAllAndChownNew).
     */
    private static void makeParents(Path staging, Path dir, ImageFiles image, int uid, int gid) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Path parent = dir.getParent();
        if (parent != null && !dir.equals(staging)) makeParents(staging, parent, image, uid, gid);
        Files.createDirectory(dir);
        Path existing = image.top("/" + staging.relativize(dir));
        if (existing != null && Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
            Files.setAttribute(dir, "unix:uid", Files.getAttribute(existing, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            Files.setAttribute(dir, "unix:gid", Files.getAttribute(existing, "unix:gid", LinkOption.NOFOLLOW_LINKS));
            Files.setAttribute(dir, "unix:mode", (Integer) Files.getAttribute(existing, "unix:mode") & 07777);
            Files.setLastModifiedTime(dir, Files.getLastModifiedTime(existing));
        } else {
            Files.setAttribute(dir, "unix:uid", uid);
            Files.setAttribute(dir, "unix:gid", gid);
            Files.setAttribute(dir, "unix:mode", 0755);
        }
    }

    private static void copyTree(Path from, Path to, int uid, int gid, int chmod,
                                 java.util.function.Predicate<Path> excluded) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                if (!p.equals(from) && excluded.test(p)) continue; // .dockerignore: never reaches the image
                if (p.equals(from)) {
                    if (chmod >= 0) Files.setAttribute(to, "unix:mode", chmod);
                    continue;
                }
                copyOne(p, to.resolve(from.relativize(p).toString()), uid, gid, chmod);
            }
        }
        // copying into a directory changed its time: give every copied directory its source's again
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s.filter(q -> !q.equals(from) && !excluded.test(q)
                            && Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS))
                    .sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.setLastModifiedTime(to.resolve(from.relativize(p).toString()), Files.getLastModifiedTime(p));
            }
        }
    }

    /** One entry, not following links; a directory that exists keeps its contents and gets the source's mode. */
    private static void copyOne(Path from, Path to, int uid, int gid, int chmod) throws IOException {
        int mode = (Integer) Files.getAttribute(from, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(to);
        } else {
            if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidArgumentException("cannot copy to non-directory: " + to.getFileName());
            }
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(to, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        if (!Files.isSymbolicLink(to)) {
            // after the chown, which clears set-id bits
            Files.setAttribute(to, "unix:mode", chmod >= 0 ? chmod : mode);
            Files.setLastModifiedTime(to, Files.getLastModifiedTime(from));
        }
    }

    static boolean isArchive(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            InputStream plain = decompressed(in);
            byte[] header = plain.readNBytes(512);
            return header.length == 512 && new String(header, 257, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("ustar");
        } catch (IOException e) {
            return false;
        }
    }

    private static InputStream decompressed(InputStream buffered) throws IOException {
        try {
            String kind = CompressorStreamFactory.detect(buffered);
            return new BufferedInputStream(new CompressorStreamFactory().createCompressorInputStream(kind, buffered));
        } catch (org.apache.commons.compress.compressors.CompressorException notCompressed) {
            return buffered;
        }
    }

    /** The archive's entries into {@code dir}, through the layer applier (no entry lands outside it). */
    private static void extract(Path archive, Path dir) throws IOException {
        Path fresh = Files.createTempDirectory(dir.getParent(), ".add-");
        try (InputStream in = decompressed(new BufferedInputStream(Files.newInputStream(archive)))) {
            new LayerApplier().apply(in, fresh);
            try (Stream<Path> s = Files.list(fresh)) {
                for (Path p : (Iterable<Path>) s::iterator) merge(p, dir.resolve(p.getFileName().toString()));
            }
        } catch (RuntimeException e) {
            throw new MiniDockerException("ADD " + archive.getFileName() + ": " + e.getMessage(), e);
        } finally {
            deleteTree(fresh);
        }
    }

    private static void merge(Path from, Path to) throws IOException {
        if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(from)) {
                for (Path p : (Iterable<Path>) s::iterator) merge(p, to.resolve(p.getFileName().toString()));
            }
            return;
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) deleteTree(to);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(q);
        }
    }
}
