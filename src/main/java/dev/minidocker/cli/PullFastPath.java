package dev.minidocker.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code pull} without picocli, as {@link RunFastPath} does for {@code run}: picocli's reflective
 * model (whose classes the AOT cache cannot hold) sits on the serial start of every pull, before
 * the first byte is requested. Fills the same {@link PullCommand} fields for the plain forms
 * ({@code --opt VALUE}, {@code --opt=VALUE}, global options before or after the verb, one image
 * name) and returns null for anything else (help, unknown or bundled short options, a repeated
 * single-valued option, a value that looks like an option, {@code --}, no or several names):
 * picocli then parses, and reports errors, as before. PullFastPathTest checks both agree.
 */
final class PullFastPath {
    private PullFastPath() {}

    /** The parsed command, ready to {@link PullCommand#callReportingErrors()}; null: let picocli parse. */
    static PullCommand parse(String[] args) {
        try {
            return parseOrNull(args);
        } catch (NumberFormatException | InvalidPathException e) {
            return null;
        }
    }

    private static PullCommand parseOrNull(String[] args) {
        GlobalOptions global = new GlobalOptions();
        PullCommand pull = new PullCommand();
        Set<String> seen = new HashSet<>();
        boolean verb = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-")) return null;
            if (!a.startsWith("-")) {
                if (!verb) {
                    if (!a.equals("pull")) return null;
                    verb = true;
                } else {
                    if (pull.name != null) return null;
                    pull.name = a;
                }
                continue;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = canonical(eq < 0 ? a : a.substring(0, eq));
            if (name == null || (!verb && !name.equals("--root") && !name.equals("-D"))) return null;
            boolean list = name.equals("--insecure-registry");
            if (!seen.add(name) && !list) return null;
            if (name.equals("-D") || name.equals("-q")) {
                if (eq >= 0) return null;
                if (name.equals("-D")) global.debug = true;
                else pull.quiet = true;
                continue;
            }
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) return null;
                value = args[++i];
                if (value.startsWith("-")) return null;
            }
            switch (name) {
                case "--root" -> global.root = Path.of(value);
                case "--platform" -> pull.platform = value;
                case "--insecure-registry" -> pull.insecureRegistries.add(value);
                case "--max-concurrent-downloads" -> pull.maxConcurrentDownloads = decimal(value);
                default -> { return null; }
            }
        }
        if (!verb || pull.name == null) return null;
        if (!seen.contains("--max-concurrent-downloads")) pull.maxConcurrentDownloads = PullCommand.DEFAULT_MAX_CONCURRENT;
        Main main = new Main();
        main.global = global;
        pull.main = main;
        return pull;
    }

    /** One name per option; null for help and unknown ones. */
    private static String canonical(String name) {
        return switch (name) {
            case "--root", "--platform", "--insecure-registry", "--max-concurrent-downloads" -> name;
            case "-D", "--debug" -> "-D";
            case "-q", "--quiet" -> "-q";
            default -> null;
        };
    }

    /** Plain decimal only: picocli's conversion of "010" or "0x10" is not worth guessing. */
    private static int decimal(String s) {
        if (s.isEmpty() || (s.length() > 1 && s.charAt(0) == '0')) throw new NumberFormatException(s);
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') throw new NumberFormatException(s);
        return Integer.parseInt(s);
    }
}
