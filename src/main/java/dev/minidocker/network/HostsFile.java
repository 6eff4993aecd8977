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

    private HostsFile() {}

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
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException gone) {
            // the container was removed meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }
}
