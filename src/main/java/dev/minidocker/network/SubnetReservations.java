package dev.minidocker.network;

import dev.minidocker.fs.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Subnets every store on this machine has given a network: {@code /run/minidocker/subnets/<base>_<len>}
 * holding "STORE_ROOT\nNETWORK". A network's bridge (and so its route) only appears on first use,
 * so without this two stores creating a network at the same moment both saw 10.213.1.0/24 free, and
 * the second bridge then failed as overlapping. Entries whose network file is gone (store deleted,
 * network removed by a crashed process) no longer count and are dropped. Callers hold
 * {@link Bridges#hostLock()}.
 */
final class SubnetReservations {
    private final Path dir;

    SubnetReservations(Path dir) {
        this.dir = dir;
    }

    static SubnetReservations host() {
        return new SubnetReservations(Path.of("/run/minidocker/subnets"));
    }

    /** The subnets of networks that still exist, whichever store has them. */
    List<Subnet> taken() {
        List<Subnet> taken = new ArrayList<>();
        if (!Files.isDirectory(dir)) return taken;
        try (var files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String[] owner = read(f);
                if (owner.length == 2 && Files.exists(networkFile(owner[0], owner[1]))) {
                    taken.add(Subnet.parse(f.getFileName().toString().replace('_', '/')));
                } else {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
        return taken;
    }

    void claim(Subnet s, Path root, String network) {
        try {
            StoreFiles.createDirectories(dir);
            StoreFiles.write(file(s), (root.toAbsolutePath().normalize() + "\n" + network).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reserve subnet " + s + ": " + e.getMessage(), e);
        }
    }

    /** Drops the entry if it is still this network's. */
    void release(Subnet s, Path root, String network) {
        try {
            String[] owner = read(file(s));
            if (owner.length == 2 && owner[0].equals(root.toAbsolutePath().normalize().toString()) && owner[1].equals(network)) Files.deleteIfExists(file(s));
        } catch (IOException e) {
            throw new UncheckedIOException("release subnet " + s + ": " + e.getMessage(), e);
        }
    }

    private Path file(Subnet s) {
        return dir.resolve(s.toString().replace('/', '_'));
    }

    private static Path networkFile(String root, String network) {
        return Path.of(root).resolve("networks").resolve(network + ".json");
    }

    private static String[] read(Path f) throws IOException {
        try {
            return Files.readString(f, StandardCharsets.UTF_8).split("\n");
        } catch (NoSuchFileException gone) {
            return new String[0];
        }
    }
}
