package dev.minidocker.cli.options;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line tokenizer of the picocli-free fast paths (run, run-command, pull, build, push,
 * and the lean client of run), over the same option tables picocli's model is built from. picocli
 * builds its model by reflection on every start and its classes cannot sit in the AOT cache; on the
 * hot verbs that cost a fifth of the run. This takes only the plain forms ({@code --opt VALUE},
 * {@code --opt=VALUE}, {@code -x VALUE}, clusters of the verb's own short flags such as
 * {@code -it}, global options before or after the verb) and answers null for anything else (help,
 * unknown or attached short options, a repeated single-valued option, a value that looks like an
 * option or that picocli would convert differently, {@code --}, {@code -}): picocli then parses,
 * and reports errors, as before.
 */
public final class PlainArgs {
    /** One option given, and its value (null for a flag). */
    public record Given(OptionDef option, String value) {}

    /** The options in the order given (global ones included), and the positionals after the verb. */
    public record Parsed(List<Given> options, List<String> positionals) {
        /** --root as given, or null. */
        public String root() {
            for (Given g : options) if (g.option() == GlobalOption.ROOT) return g.value();
            return null;
        }

        public boolean debug() {
            for (Given g : options) if (g.option() == GlobalOption.DEBUG) return true;
            return false;
        }
    }

    private PlainArgs() {}

    /**
     * The parsed arguments of {@code verb}, or null when they are not all plain forms.
     *
     * @param options          the verb's own options
     * @param stopAtPositional whether the first positional ends option parsing (run's IMAGE COMMAND...)
     */
    public static Parsed parse(String[] args, String verb, OptionDef[] options, boolean stopAtPositional) {
        Map<String, OptionDef> names = new HashMap<>();
        for (OptionDef o : GlobalOption.values()) for (String n : o.names()) names.put(n, o);
        for (OptionDef o : options) for (String n : o.names()) names.put(n, o);
        List<Given> given = new ArrayList<>();
        List<String> positionals = new ArrayList<>();
        Set<OptionDef> seen = new HashSet<>();
        boolean afterVerb = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-")) return null;
            if (!a.startsWith("-")) {
                if (!afterVerb) {
                    if (!a.equals(verb)) return null;
                    afterVerb = true;
                } else if (stopAtPositional) {
                    positionals.addAll(List.of(args).subList(i, args.length));
                    break;
                } else {
                    positionals.add(a);
                }
                continue;
            }
            List<OptionDef> cluster = afterVerb ? cluster(a, names) : null;
            if (cluster != null) {
                for (OptionDef flag : cluster) {
                    if (!seen.add(flag)) return null;
                    given.add(new Given(flag, null));
                }
                continue;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            OptionDef o = names.get(eq < 0 ? a : a.substring(0, eq));
            if (o == null || (!afterVerb && !(o instanceof GlobalOption))) return null;
            if (!seen.add(o) && o.arity() != OptionDef.Arity.REPEATABLE) return null;
            if (o.isFlag()) {
                if (eq >= 0) return null;
                given.add(new Given(o, null));
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
            if (!convertsAsPicocliWould(o, value)) return null;
            given.add(new Given(o, value));
        }
        return afterVerb ? new Parsed(given, positionals) : null;
    }

    /** {@code -it}: the flags of a cluster of one-letter flags; null if {@code a} is not one. */
    private static List<OptionDef> cluster(String a, Map<String, OptionDef> names) {
        if (a.length() < 3 || a.charAt(1) == '-') return null;
        List<OptionDef> flags = new ArrayList<>();
        for (int i = 1; i < a.length(); i++) {
            OptionDef o = names.get("-" + a.charAt(i));
            if (o == null || !o.isFlag() || o instanceof GlobalOption) return null;
            flags.add(o);
        }
        return flags;
    }

    /** Plain decimals only for numbers (picocli's reading of "010" or "0x10" is not worth guessing). */
    private static boolean convertsAsPicocliWould(OptionDef o, String value) {
        try {
            switch (o.type()) {
                case LONG -> decimal(value);
                case INT -> Math.toIntExact(decimal(value));
                case PATH -> Path.of(value);
                case TEXT -> { }
            }
            return true;
        } catch (NumberFormatException | ArithmeticException | InvalidPathException e) {
            return false;
        }
    }

    static boolean isDecimal(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start) return false;
        for (int i = start; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    static long decimal(String s) {
        if (!isDecimal(s) || (s.length() > 1 && s.charAt(s.startsWith("-") ? 1 : 0) == '0')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }
}
