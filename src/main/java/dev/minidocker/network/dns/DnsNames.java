package dev.minidocker.network.dns;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is on which user network under which names: the embedded resolver's only data. Names are per
 * network: a container sees the members of every network it is on, and nothing of the others (as
 * its /etc/hosts, which network/HostsFile writes from the same members). Names compare without
 * case, as DNS does. Thread-safe; queries are rare next to the cost of a lock.
 */
public final class DnsNames {
    /** One container on one network. */
    public record Member(String containerId, Inet4Address address, List<String> names) {
        public Member {
            names = List.copyOf(names);
        }
    }

    /** network -> containerId -> member, in the order members joined. */
    private final Map<String, Map<String, Member>> networks = new HashMap<>();

    /**
     * Puts {@code containerId} on {@code network} at {@code address} under {@code names} (its name,
     * hostname, aliases; blanks and duplicates are dropped), replacing what it had there.
     */
    public synchronized void register(String network, String containerId, Inet4Address address, Collection<String> names) {
        Set<String> clean = new LinkedHashSet<>();
        for (String n : names) {
            if (n == null) continue;
            String k = normalise(n);
            if (!k.isEmpty()) clean.add(k);
        }
        networks.computeIfAbsent(network, k -> new LinkedHashMap<>())
                .put(containerId, new Member(containerId, address, new ArrayList<>(clean)));
    }

    /** Takes {@code containerId} off {@code network}; false if it was not there. */
    public synchronized boolean unregister(String network, String containerId) {
        Map<String, Member> members = networks.get(network);
        if (members == null || members.remove(containerId) == null) return false;
        if (members.isEmpty()) networks.remove(network);
        return true;
    }

    /** Takes {@code containerId} off every network it is on. */
    public synchronized void unregisterEverywhere(String containerId) {
        for (String network : List.copyOf(networks.keySet())) unregister(network, containerId);
    }

    /**
     * The addresses {@code name} has for {@code asking}: members of the networks {@code asking} is
     * on that carry the name. Empty when the name is unknown there (or the asker is on no network).
     */
    public synchronized List<Inet4Address> addresses(String asking, String name) {
        String key = normalise(name);
        Set<Inet4Address> found = new LinkedHashSet<>();
        for (Map<String, Member> members : networksOf(asking)) {
            for (Member m : members.values()) if (m.names().contains(key)) found.add(m.address());
        }
        return List.copyOf(found);
    }

    /** The first name of the member at {@code address} on one of {@code asking}'s networks (for PTR). */
    public synchronized Optional<String> nameAt(String asking, Inet4Address address) {
        for (Map<String, Member> members : networksOf(asking)) {
            for (Member m : members.values()) {
                if (m.address().equals(address) && !m.names().isEmpty()) return Optional.of(m.names().getFirst());
            }
        }
        return Optional.empty();
    }

    /** The members of {@code network} (a copy), in the order they joined. */
    public synchronized List<Member> members(String network) {
        Map<String, Member> members = networks.get(network);
        return members == null ? List.of() : List.copyOf(members.values());
    }

    private List<Map<String, Member>> networksOf(String containerId) {
        List<Map<String, Member>> on = new ArrayList<>();
        for (Map<String, Member> members : networks.values()) if (members.containsKey(containerId)) on.add(members);
        return on;
    }

    /** "Web." and "web" are one name. */
    static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
