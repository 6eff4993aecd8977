package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A verb's flags (--name value, --name=value, booleans) and its positional arguments, runc/urfave style. */
record VerbArgs(Map<String, String> values, List<String> positional) {
    static VerbArgs parse(List<String> args, Set<String> withValue, Set<String> booleans) {
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!positional.isEmpty() || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            String name = a.replaceFirst("^--?", "");
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (withValue.contains(name)) {
                if (value == null) {
                    if (++i >= args.size()) throw new InvalidArgumentException("flag --" + name + " needs a value");
                    value = args.get(i);
                }
                values.put(name, value);
            } else if (booleans.contains(name)) {
                values.put(name, value == null ? "true" : value);
            } else {
                throw new InvalidArgumentException("flag provided but not defined: -" + name);
            }
        }
        return new VerbArgs(values, positional);
    }

    String get(String name) {
        return values.get(name);
    }

    boolean flag(String name) {
        return "true".equals(values.get(name));
    }

    /** The single positional container id. */
    String id(String verb) {
        if (positional.isEmpty()) throw new InvalidArgumentException("\"" + verb + "\" requires a container id");
        return ContainerState.checkId(positional.get(0));
    }
}
