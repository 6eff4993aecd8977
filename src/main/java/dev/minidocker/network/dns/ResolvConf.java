package dev.minidocker.network.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the embedded resolver takes from a resolv.conf: the name servers it forwards to, in order,
 * and the search domains and options a served container keeps. Parsed as glibc does: one keyword a
 * line, {@code #} and {@code ;} start comments, the last {@code search}/{@code domain} wins.
 * Addresses are literals only ({@link InetAddress#ofLiteral}): reading this file never resolves.
 *
 * @param nameservers port 53 of each {@code nameserver} line that holds an IP literal
 * @param search      the search domains
 * @param options     the {@code options} tokens (ndots:1, edns0, ...)
 */
public record ResolvConf(List<InetSocketAddress> nameservers, List<String> search, List<String> options) {
    public static final int DNS_PORT = 53;

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        search = List.copyOf(search);
        options = List.copyOf(options);
    }

    public static ResolvConf parse(String text) {
        List<InetSocketAddress> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "nameserver" -> {
                    if (words.length > 1) literal(words[1]).ifPresent(a -> servers.add(new InetSocketAddress(a, DNS_PORT)));
                }
                case "search", "domain" -> {
                    search.clear();
                    for (int i = 1; i < words.length && !words[i].startsWith("#"); i++) search.add(words[i]);
                }
                case "options" -> {
                    for (int i = 1; i < words.length && !words[i].startsWith("#"); i++) options.add(words[i]);
                }
                default -> { /* sortlist and unknown keywords: not ours */ }
            }
        }
        return new ResolvConf(servers, search, options);
    }

    private static java.util.Optional<InetAddress> literal(String s) {
        try {
            return java.util.Optional.of(InetAddress.ofLiteral(s));
        } catch (IllegalArgumentException notAnAddress) {
            return java.util.Optional.empty();
        }
    }
}
