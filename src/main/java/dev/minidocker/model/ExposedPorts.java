package dev.minidocker.model;

import dev.minidocker.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * Port specs as Docker's nat.ParsePortSpecs reads them for EXPOSE and {@code run --expose}: "80",
 * "80/udp", "8000-8002/tcp".
 */
public final class ExposedPorts {
    private ExposedPorts() {
    }

    /** The "port/proto" keys of one spec. */
    public static List<String> expand(String spec) {
        String proto = "tcp";
        String ports = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            ports = spec.substring(0, slash);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new InvalidArgumentException("invalid proto: " + proto);
        }
        int dash = ports.indexOf('-');
        int first = port(dash < 0 ? ports : ports.substring(0, dash), spec);
        int last = dash < 0 ? first : port(ports.substring(dash + 1), spec);
        if (last < first) throw new InvalidArgumentException("invalid range specified for container port: " + ports);
        List<String> out = new ArrayList<>();
        for (int p = first; p <= last; p++) out.add(p + "/" + proto);
        return out;
    }

    private static int port(String text, String spec) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // fall through to Docker's message
        }
        throw new InvalidArgumentException("invalid containerPort: " + spec);
    }
}
