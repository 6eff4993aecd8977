package dev.minidocker.network;

import dev.minidocker.fs.StoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The host's {@code net.ipv4.ip_forward}: the first bridge turns it on and, if it was off, saves
 * the old value once (so later bridges, which find it on, never overwrite what was saved); {@code
 * network prune} writes the saved value back when no bridge of any store is left. A value an
 * administrator set before mini-docker is never touched. Callers hold {@link Bridges#hostLock()}.
 */
final class IpForwarding {
    private final Path sysctl;
    private final Path saved;

    IpForwarding(Path sysctl, Path saved) {
        this.sysctl = sysctl;
        this.saved = saved;
    }

    static IpForwarding host() {
        return new IpForwarding(Path.of("/proc/sys/net/ipv4/ip_forward"), Path.of("/run/minidocker/ip_forward.saved"));
    }

    void enable() {
        try {
            String now = Files.readString(sysctl).strip();
            if (now.equals("1")) return;
            StoreFiles.createDirectories(saved.getParent());
            if (!Files.exists(saved)) StoreFiles.write(saved, now.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Files.writeString(sysctl, "1");
        } catch (IOException e) {
            throw new UncheckedIOException("enable ip_forward: " + e.getMessage(), e);
        }
    }

    /** Writes back the value saved before mini-docker first turned forwarding on, if it did. */
    void restore() {
        try {
            String value = Files.readString(saved).strip();
            Files.writeString(sysctl, value);
            Files.delete(saved);
        } catch (NoSuchFileException nothingSaved) {
            // we never changed it
        } catch (IOException e) {
            throw new UncheckedIOException("restore ip_forward: " + e.getMessage(), e);
        }
    }
}
