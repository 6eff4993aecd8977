package dev.minidocker.runtime.container;

import dev.minidocker.fs.StoreFiles;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.minidocker.network.HostsFile;

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
        return write(containerDir, hostname, network, List.of(), List.of(), List.of(), List.of());
    }

    /**
     * With the user's --add-host lines (kept in {@code hosts.extra}, which every rewrite of
     * /etc/hosts appends: network/HostsFile) and --dns/--dns-search/--dns-option, which replace
     * the host's servers, search domains and options in resolv.conf (a served user network's
     * resolv.conf is the DNS step's).
     */
    public ContainerSpec.EtcFiles write(Path containerDir, String hostname, String network, List<String> extraHosts,
                                        List<String> dns, List<String> dnsSearch, List<String> dnsOptions) {
        put(containerDir.resolve(HostsFile.EXTRA), HostsFile.extraLines(extraHosts).getBytes(StandardCharsets.UTF_8));
        ContainerSpec.EtcFiles files = writeBase(containerDir, hostname, network);
        if (!network.equals("none") && !network.startsWith("container:")) {
            if (!extraHosts.isEmpty() && network.equals("host")) {
                String hosts = new String(readOr(containerDir.resolve("hosts"), ""), StandardCharsets.UTF_8);
                put(containerDir.resolve("hosts"), (hosts + HostsFile.extraLines(extraHosts)).getBytes(StandardCharsets.UTF_8));
            }
            if (!dns.isEmpty() || !dnsSearch.isEmpty() || !dnsOptions.isEmpty()) {
                String base = new String(readOr(containerDir.resolve("resolv.conf"), ""), StandardCharsets.UTF_8);
                put(containerDir.resolve("resolv.conf"), overridden(base, dns, dnsSearch, dnsOptions).getBytes(StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** {@code base} with each kind of line the user gave replaced by the user's. */
    static String overridden(String base, List<String> dns, List<String> search, List<String> options) {
        StringBuilder b = new StringBuilder();
        for (String line : base.split("\n")) {
            String t = line.strip();
            if (!dns.isEmpty() && t.startsWith("nameserver")) continue;
            if (!search.isEmpty() && (t.startsWith("search") || t.startsWith("domain"))) continue;
            if (!options.isEmpty() && t.startsWith("options")) continue;
            if (!t.isEmpty()) b.append(line).append('\n');
        }
        for (String s : dns) b.append("nameserver ").append(s).append('\n');
        if (!search.isEmpty()) b.append("search ").append(String.join(" ", search)).append('\n');
        if (!options.isEmpty()) b.append("options ").append(String.join(" ", options)).append('\n');
        return b.toString();
    }

    private ContainerSpec.EtcFiles writeBase(Path containerDir, String hostname, String network) {
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
