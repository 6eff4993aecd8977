package dev.minidocker.network.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A resolv.conf (the host's, for the daemon) as the embedded resolver's upstreams. It is read again
 * only when its inode, modification time or size changed since the last read, so each forwarded
 * query costs one stat.
 */
public final class HostResolvConf implements Upstreams {
    private final Path file;
    private Object seen;
    private ResolvConf parsed = ResolvConf.parse("");

    HostResolvConf(Path file) {
        this.file = file;
    }

    @Override
    public synchronized List<InetSocketAddress> servers() {
        return current().nameservers();
    }

    /** The whole file as last read (search domains and options too). */
    public synchronized ResolvConf current() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            Object stamp = List.of(a.lastModifiedTime(), a.size(), a.fileKey() == null ? "" : a.fileKey());
            if (!stamp.equals(seen)) {
                parsed = ResolvConf.parse(Files.readString(file, StandardCharsets.UTF_8));
                seen = stamp;
            }
        } catch (IOException gone) {
            parsed = ResolvConf.parse(""); // no file: no upstreams (glibc would try 127.0.0.1; we do not guess)
            seen = null;
        }
        return parsed;
    }
}
