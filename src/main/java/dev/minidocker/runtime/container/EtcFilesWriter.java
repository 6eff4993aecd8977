package dev.minidocker.runtime.container;

import dev.minidocker.fs.StoreFiles;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The container's /etc/hostname, /etc/hosts and /etc/resolv.conf, generated in its record dir and
 * bind-mounted by stage 2. With --network host they mirror the host's files; with none they only
 * know localhost.
 */
public final class EtcFilesWriter {
    /** /etc/hosts of a container without a bridge network: Docker's loopback lines. */
    static final String LOOPBACK_HOSTS = dev.minidocker.network.HostsFile.LOOPBACK;

    private final Path hostEtc;

    /** @param hostEtc the host's /etc (a test passes a fake one) */
    public EtcFilesWriter(Path hostEtc) {
        this.hostEtc = hostEtc;
    }

    public ContainerSpec.EtcFiles write(Path containerDir, String hostname, String network) {
        Path hostnameFile = containerDir.resolve("hostname");
        Path hosts = containerDir.resolve("hosts");
        Path resolv = containerDir.resolve("resolv.conf");
        put(hostnameFile, (hostname + "\n").getBytes(StandardCharsets.UTF_8));
        if (network.equals("host")) {
            put(hosts, readOr(hostEtc.resolve("hosts"), LOOPBACK_HOSTS));
            put(resolv, readOr(hostEtc.resolve("resolv.conf"), ""));
        } else if (network.equals("none") || network.startsWith("container:")) {
            put(hosts, LOOPBACK_HOSTS.getBytes(StandardCharsets.UTF_8));
            put(resolv, "# --network none: no DNS\n".getBytes(StandardCharsets.UTF_8));
        } else {
            // bridge: the network step adds the container's own address to hosts before it starts
            put(hosts, LOOPBACK_HOSTS.getBytes(StandardCharsets.UTF_8));
            put(resolv, withoutLoopbackServers(new String(readOr(hostEtc.resolve("resolv.conf"), ""),
                    StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
        return new ContainerSpec.EtcFiles(hostnameFile.toString(), hosts.toString(), resolv.toString());
    }

    /** A host resolver on 127.0.0.x (systemd-resolved, dnsmasq) cannot be reached from a bridge. */
    static String withoutLoopbackServers(String resolvConf) {
        StringBuilder b = new StringBuilder();
        for (String line : resolvConf.split("\n")) {
            String t = line.strip();
            if (t.startsWith("nameserver") && (t.contains(" 127.") || t.contains(" ::1"))) continue;
            b.append(line).append('\n');
        }
        return b.toString();
    }

    /**
     * Plain writes: these files are private to a container being created, nobody reads them yet.
     * 0644: they are bind-mounted into the container, whose users read them.
     */
    private static void put(Path file, byte[] content) {
        try {
            StoreFiles.write(file, content, StoreFiles.PUBLIC_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readOr(Path file, String fallback) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return fallback.getBytes(StandardCharsets.UTF_8);
        }
    }
}
