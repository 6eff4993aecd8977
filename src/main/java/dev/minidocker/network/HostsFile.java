package dev.minidocker.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A container's /etc/hosts on a bridge network: localhost, its own address and names, and on a
 * user-defined network every other member by name. The file is bind-mounted into the container,
 * so it is rewritten in place (same inode) and members see peers come and go at once.
 */
public final class HostsFile {
    /** Docker's loopback lines, the start of every container's /etc/hosts. */
    public static final String LOOPBACK = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;

    /** The --add-host lines of a container, next to its hosts file; every rewrite appends them. */
    public static final String EXTRA = "hosts.extra";
    /** What --add-host NAME:host-gateway names: the network's gateway, filled in when the address is known. */
    public static final String HOST_GATEWAY = "host-gateway";

    private HostsFile() {}

    /** "NAME:IP" (or "NAME=IP", Docker 25+) as hosts lines, "IP\tNAME". */
    public static String extraLines(List<String> extraHosts) {
        StringBuilder b = new StringBuilder();
        for (String h : extraHosts) {
            int sep = h.indexOf('=') >= 0 ? h.indexOf('=') : h.indexOf(':');
            b.append(h.substring(sep + 1)).append('\t').append(h, 0, sep).append('\n');
        }
        return b.toString();
    }

    public static String content(Endpoint self, List<Endpoint> peers) {
        StringBuilder b = new StringBuilder(LOOPBACK);
        b.append(line(self));
        for (Endpoint p : peers) if (!p.address().equals(self.address())) b.append(line(p));
        return b.toString();
    }

    private static String line(Endpoint e) {
        StringBuilder b = new StringBuilder(e.address()).append('\t');
        if (e.hostname() != null) b.append(e.hostname());
        if (e.name() != null && !e.name().equals(e.hostname())) b.append(' ').append(e.name());
        return b.append('\n').toString();
    }

    /** Rewrites the file in place; a container whose files are gone is skipped. */
    public static void write(Path file, String content) {
        write(file, content, null);
    }

    /** As {@link #write(Path, String)}, with the container's --add-host lines ({@code gateway} for host-gateway). */
    public static void write(Path file, String content, String gateway) {
        try {
            Path extra = file.resolveSibling(EXTRA);
            if (Files.exists(extra)) {
                String lines = Files.readString(extra, StandardCharsets.UTF_8);
                if (gateway != null) lines = lines.replace(HOST_GATEWAY + "\t", gateway + "\t");
                content = content + lines;
            }
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException gone) {
            // the container was removed meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }
}
