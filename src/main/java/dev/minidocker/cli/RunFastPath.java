package dev.minidocker.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code run} without picocli. picocli builds its model by reflection on every start, and its
 * classes (Java 5 class files) cannot be kept in the AOT cache: on this path that was a fifth of
 * the whole {@code run}. This parser fills the same {@link RunCommand} fields for the plain forms
 * ({@code --opt VALUE}, {@code --opt=VALUE}, {@code -it}, global options before or after the verb)
 * and returns null for anything else (help, a repeated single-valued option, an unknown or
 * attached short option, a value that looks like an option, {@code --}): picocli then parses,
 * and reports errors, as before. RunFastPathTest checks both agree.
 */
final class RunFastPath {
    private RunFastPath() {}

    /** The parsed command, ready to {@link RunCommand#call()}; null: let picocli parse. */
    static RunCommand parse(String[] args) {
        try {
            return parseOrNull(args);
        } catch (NumberFormatException | InvalidPathException e) {
            return null;
        }
    }

    private static RunCommand parseOrNull(String[] args) {
        GlobalOptions global = new GlobalOptions();
        RunCommand run = new RunCommand();
        Set<String> seen = new HashSet<>();
        boolean verb = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-")) return null;
            if (!a.startsWith("-")) {
                if (!verb) {
                    if (!a.equals("run")) return null;
                    verb = true;
                    continue;
                }
                run.positionals = new ArrayList<>(List.of(args).subList(i, args.length));
                break;
            }
            if (verb && (a.equals("-it") || a.equals("-ti"))) {
                if (!seen.add("-i") || !seen.add("-t")) return null;
                run.interactive = true;
                run.tty = true;
                continue;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = canonical(eq < 0 ? a : a.substring(0, eq));
            if (name == null || (!verb && !isGlobal(name))) return null;
            boolean list = name.equals("-e") || name.equals("--env-file") || name.equals("-v") || name.equals("--tmpfs")
                    || name.equals("-p");
            if (!seen.add(name) && !list) return null;
            if (!takesValue(name)) {
                if (eq >= 0) return null;
                switch (name) {
                    case "--rm" -> run.autoRemove = true;
                    case "-i" -> run.interactive = true;
                    case "-t" -> run.tty = true;
                    case "--read-only" -> run.readOnly = true;
                    case "-P" -> run.publishAll = true;
                    case "-d" -> run.detach = true;
                    case "--init" -> run.init = true;
                    case "-D" -> global.debug = true;
                    default -> { return null; }
                }
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
            switch (name) {
                case "--root" -> global.root = Path.of(value);
                case "--name" -> run.name = value;
                case "-e" -> run.env.add(value);
                case "--env-file" -> run.envFiles.add(Path.of(value));
                case "-w" -> run.workdir = value;
                case "-u" -> run.user = value;
                case "--entrypoint" -> run.entrypoint = value;
                case "-h" -> run.hostname = value;
                case "--network" -> run.network = value;
                case "-v" -> run.volumes.add(value);
                case "--tmpfs" -> run.tmpfs.add(value);
                case "-p" -> run.publish.add(value);
                case "--restart" -> run.restart = value;
                case "-m" -> run.memory = value;
                case "--memory-swap" -> run.memorySwap = value;
                case "--cpus" -> run.cpus = value;
                case "--cpu-shares" -> run.cpuShares = decimal(value);
                case "--cpuset-cpus" -> run.cpusetCpus = value;
                case "--pids-limit" -> run.pidsLimit = decimal(value);
                case "--platform" -> run.platform = value;
                case "--pull" -> run.pull = value;
                case "-r" -> run.rootfs = Path.of(value);
                default -> { return null; }
            }
        }
        if (!verb) return null;
        Main main = new Main();
        main.global = global;
        run.parent = main;
        return run;
    }

    /** One name per option (its first in RunCommand/GlobalOptions); null for help and unknown ones. */
    private static String canonical(String name) {
        return switch (name) {
            case "--root", "--name", "--rm", "--entrypoint", "--env-file", "--tmpfs", "--read-only",
                 "--memory-swap", "--cpu-shares", "--cpuset-cpus", "--pids-limit", "--platform", "--pull",
                 "--restart", "--init" -> name;
            case "-d", "--detach" -> "-d";
            case "-D", "--debug" -> "-D";
            case "-i", "--interactive" -> "-i";
            case "-t", "--tty" -> "-t";
            case "-e", "--env" -> "-e";
            case "-w", "--workdir" -> "-w";
            case "-u", "--user" -> "-u";
            case "-h", "--hostname" -> "-h";
            case "--network", "--net" -> "--network";
            case "-v", "--volume" -> "-v";
            case "-m", "--memory" -> "-m";
            case "--cpus", "-c" -> "--cpus";
            case "-r", "--rootfs" -> "-r";
            case "-p", "--publish" -> "-p";
            case "-P", "--publish-all" -> "-P";
            default -> null;
        };
    }

    private static boolean isGlobal(String canonical) {
        return canonical.equals("--root") || canonical.equals("-D");
    }

    private static boolean takesValue(String canonical) {
        return switch (canonical) {
            case "--rm", "-i", "-t", "--read-only", "-P", "-d", "--init", "-D" -> false;
            default -> true;
        };
    }

    private static boolean isDecimal(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start) return false;
        for (int i = start; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** Plain decimal only: picocli's conversion of "010" or "0x10" is not worth guessing. */
    private static Long decimal(String s) {
        if (!isDecimal(s) || (s.length() > 1 && s.charAt(s.startsWith("-") ? 1 : 0) == '0')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }
}
