package dev.minidocker.network.dns;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The servers the embedded resolver forwards to. Production reads the host's resolv.conf and
 * re-reads it when it changes (DHCP, VPNs and systemd-resolved rewrite it while the daemon runs);
 * tests pass fixed servers on 127.0.0.x, so nothing ever depends on the machine's own resolvers.
 * Loopback servers are kept: the resolver forwards from the host's namespace, where they answer
 * (Docker's rule; only a container's own resolv.conf must not name them).
 */
public interface Upstreams {
    /** The servers to try, in order; empty when the host has none. */
    List<InetSocketAddress> servers();

    static Upstreams fixed(List<InetSocketAddress> servers) {
        List<InetSocketAddress> copy = List.copyOf(servers);
        return () -> copy;
    }

    /**
     * The host's file, as the daemon uses it: the system property {@code minidocker.dns.resolvConf},
     * else {@code $MINIDOCKER_DNS_RESOLV_CONF} (tests point both at a fake upstream), else /etc/resolv.conf.
     */
    static Path hostFile() {
        String property = System.getProperty("minidocker.dns.resolvConf");
        if (property != null) return Path.of(property);
        String env = System.getenv("MINIDOCKER_DNS_RESOLV_CONF");
        return Path.of(env != null && !env.isEmpty() ? env : "/etc/resolv.conf");
    }

    /** The name servers of {@code file}, re-read whenever its modification time or size changes. */
    static HostResolvConf fromFile(Path file) {
        return new HostResolvConf(file);
    }
}
