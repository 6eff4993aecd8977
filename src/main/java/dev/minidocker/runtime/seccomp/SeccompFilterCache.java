package dev.minidocker.runtime.seccomp;

import dev.minidocker.fs.AtomicFiles;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.linux.ProcessIdentity;
import dev.minidocker.linux.seccomp.SeccompProgram;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Compiled filters on disk, {@code <root>/seccomp/<crc32 of key>.bpf}, so that a run in the CLI's
 * own JVM (no daemon) does not parse the profile (Jackson, cold) and make ~800 libseccomp calls
 * each time. A file holds its whole key (the profile's bytes, the capabilities, the machine and
 * the libseccomp version) followed by the program; a lookup compares the key byte for byte, so a
 * CRC collision is only a miss. Files are written atomically, 0600, in a 0700 directory.
 */
final class SeccompFilterCache {
    private final Path dir;
    private final boolean ownedOnly;

    SeccompFilterCache(Path dir) {
        this(dir, false);
    }

    /**
     * {@code ownedOnly}: a file counts only if it and its directory belong to this process's user
     * and no one else may write them (the install's cache beside the jar, which the store root's
     * checks do not cover): a filter someone else could have written is compiled again instead.
     */
    SeccompFilterCache(Path dir, boolean ownedOnly) {
        this.dir = dir;
        this.ownedOnly = ownedOnly;
    }

    Optional<SeccompProgram> get(byte[] key) {
        byte[] file;
        Path path = fileFor(key);
        try {
            if (ownedOnly && !(ownedByUsAlone(dir) && ownedByUsAlone(path))) return Optional.empty();
            file = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a cache: compile again
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        if (file.length < 4) return Optional.empty();
        int keyLength = in.getInt();
        if (keyLength != key.length || file.length - 4 - keyLength <= 0
                || !Arrays.equals(file, 4, 4 + keyLength, key, 0, key.length)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SeccompProgram(Arrays.copyOfRange(file, 4 + keyLength, file.length)));
        } catch (IllegalArgumentException truncated) {
            return Optional.empty();
        }
    }

    void put(byte[] key, SeccompProgram program) {
        byte[] bpf = program.bpf();
        ByteBuffer out = ByteBuffer.allocate(4 + key.length + bpf.length);
        out.putInt(key.length).put(key).put(bpf);
        try {
            StoreFiles.createDirectories(dir);
            AtomicFiles.writeWithoutSync(fileFor(key), out.array());
        } catch (IOException e) {
            // Not kept: the next run compiles again; the container still gets its filter.
        }
    }

    private static boolean ownedByUsAlone(Path p) throws IOException {
        java.util.Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return (int) a.get("uid") == ProcessIdentity.effectiveUid() && ((int) a.get("mode") & 022) == 0;
    }

    private Path fileFor(byte[] key) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return dir.resolve(String.format("%08x.bpf", crc.getValue()));
    }
}
