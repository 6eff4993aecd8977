package dev.minidocker.network;

import dev.minidocker.MiniDockerException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 subnet in CIDR form ("10.213.0.0/24"): addresses as ints, first host is the gateway. */
public record Subnet(int base, int prefix) {

    public Subnet {
        if (prefix < 8 || prefix > 30) throw new MiniDockerException("subnet prefix /" + prefix + " must be /8../30");
        base &= mask(prefix);
    }

    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new MiniDockerException("invalid subnet " + cidr + ": expected ADDRESS/PREFIX");
        try {
            return new Subnet(parseIp(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new MiniDockerException("invalid subnet " + cidr);
        }
    }

    /** Parses dotted-quad IPv4 without any name lookup. */
    public static int parseIp(String dotted) {
        String[] p = dotted.split("\\.", -1);
        if (p.length != 4) throw new MiniDockerException("invalid IPv4 address " + dotted);
        int v = 0;
        for (String part : p) {
            int b;
            try {
                b = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new MiniDockerException("invalid IPv4 address " + dotted);
            }
            if (b < 0 || b > 255 || part.isEmpty()) throw new MiniDockerException("invalid IPv4 address " + dotted);
            v = (v << 8) | b;
        }
        return v;
    }

    public static String format(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }

    public static Inet4Address inet(int ip) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                    (byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public int gateway() {
        return base + 1;
    }

    /** Usable container addresses: after the gateway, before the broadcast address. */
    public int firstHost() {
        return base + 2;
    }

    public int lastHost() {
        return (base | ~mask(prefix)) - 1;
    }

    public boolean contains(int ip) {
        return (ip & mask(prefix)) == base;
    }

    public boolean overlaps(int otherBase, int otherPrefix) {
        int p = Math.min(prefix, otherPrefix);
        return (base & mask(p)) == (otherBase & mask(p));
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
