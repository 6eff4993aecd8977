package dev.minidocker.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line tokenizer of the picocli-free fast paths ({@link RunFastPath}, {@link PullFastPath}).
 * picocli builds its model by reflection on every start and its classes cannot sit in the AOT cache;
 * on the hot verbs that cost a fifth of the run. This takes only the plain forms ({@code --opt VALUE},
 * {@code --opt=VALUE}, {@code -x VALUE}, clusters of the verb's own short flags such as {@code -it},
 * global options before or after the verb) and answers null for anything else (help, unknown or
 * attached short options, a repeated single-valued option, a value that looks like an option,
 * {@code --}, {@code -}): picocli then parses, and reports errors, as before.
 */
final class PlainArgs {
    /** Global options (GlobalOptions): the only ones allowed before the verb. */
    private static final Map<String, String> GLOBAL = Map.of("--root", "--root", "-D", "-D", "--debug", "-D");
    private static final Set<String> GLOBAL_FLAGS = Set.of("-D");

    /**
     * What a fast path knows of its verb.
     *
     * @param names            every spelling of the verb's options -> one canonical name
     * @param flags            canonical names that take no value
     * @param repeatable       canonical names that may be given more than once (lists)
     * @param stopAtPositional whether the first positional ends option parsing (run's IMAGE COMMAND...)
     */
    record Verb(String verb, Map<String, String> names, Set<String> flags, Set<String> repeatable,
                boolean stopAtPositional) {}

    /** One option given: canonical name, and its value (null for a flag). */
    record Option(String name, String value) {}

    /** The options in the order given, and the positionals after the verb. */
    record Parsed(List<Option> options, List<String> positionals) {}

    private PlainArgs() {}

    /** The parsed arguments, or null when they are not all plain forms of {@code verb}. */
    static Parsed parse(String[] args, Verb verb) {
        Map<String, String> names = new HashMap<>(GLOBAL);
        names.putAll(verb.names());
        List<Option> options = new ArrayList<>();
        List<String> positionals = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean afterVerb = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-")) return null;
            if (!a.startsWith("-")) {
                if (!afterVerb) {
                    if (!a.equals(verb.verb())) return null;
                    afterVerb = true;
                } else if (verb.stopAtPositional()) {
                    positionals.addAll(List.of(args).subList(i, args.length));
                    break;
                } else {
                    positionals.add(a);
                }
                continue;
            }
            List<String> cluster = afterVerb ? cluster(a, verb) : null;
            if (cluster != null) {
                for (String flag : cluster) {
                    if (!seen.add(flag)) return null;
                    options.add(new Option(flag, null));
                }
                continue;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = names.get(eq < 0 ? a : a.substring(0, eq));
            if (name == null || (!afterVerb && !GLOBAL.containsValue(name))) return null;
            if (!seen.add(name) && !verb.repeatable().contains(name)) return null;
            if (verb.flags().contains(name) || GLOBAL_FLAGS.contains(name)) {
                if (eq >= 0) return null;
                options.add(new Option(name, null));
                continue;
            }
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) return null;
                value = args[++i];
                if (value.startsWith("-") && !isDecimal(value)) return null;
            }
            options.add(new Option(name, value));
        }
        return afterVerb ? new Parsed(options, positionals) : null;
    }

    /** {@code -it}: the flags of a cluster of the verb's own one-letter flags; null if {@code a} is not one. */
    private static List<String> cluster(String a, Verb verb) {
        if (a.length() < 3 || a.charAt(1) == '-') return null;
        List<String> flags = new ArrayList<>();
        for (int i = 1; i < a.length(); i++) {
            String name = verb.names().get("-" + a.charAt(i));
            if (name == null || !verb.flags().contains(name)) return null;
            flags.add(name);
        }
        return flags;
    }

    static boolean isDecimal(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start) return false;
        for (int i = start; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** Plain decimal only: picocli's conversion of "010" or "0x10" is not worth guessing. */
    static long decimal(String s) {
        if (!isDecimal(s) || (s.length() > 1 && s.charAt(s.startsWith("-") ? 1 : 0) == '0')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }
}
