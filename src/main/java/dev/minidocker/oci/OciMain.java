package dev.minidocker.oci;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.JarFreshness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * mini-docker-runtime: runc's command line over mini-docker's stage 2. Global flags as runc
 * takes them (--root, --log, --log-format, --debug; --systemd-cgroup is refused), then a verb.
 * The only place that turns the runtime's exceptions into an exit status: 1, as runc, with one
 * line on stderr and, with --log, a JSON line conmon reads back.
 */
public final class OciMain {
    static final String VERSION = "0.1.0";
    static final String DEFAULT_ROOT = "/run/mini-docker-runtime";

    private OciMain() {}

    public static void main(String[] argv) {
        // A jar older than the sources: the launcher runs again and builds first.
        OptionalInt rebuilt = JarFreshness.rerunIfStale(argv, 1);
        if (rebuilt.isPresent()) Runtime.getRuntime().halt(rebuilt.getAsInt());
        RuntimeArgs args = null;
        int status;
        try {
            args = RuntimeArgs.parse(argv);
            status = OciVerbs.run(args);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            System.err.println("mini-docker-runtime: " + message.replace('\n', ' '));
            if (args != null && args.log() != null) log(args, message);
            status = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(status); // no shutdown hooks to wait for; a created container lives on
    }

    private static void log(RuntimeArgs args, String message) {
        String line = "json".equals(args.logFormat())
                ? "{\"level\":\"error\",\"msg\":" + dev.minidocker.json.JsonWriter.quote(message) + ",\"time\":\"" + Instant.now() + "\"}\n"
                : "time=\"" + Instant.now() + "\" level=error msg=" + dev.minidocker.json.JsonWriter.quote(message) + "\n";
        try {
            Files.writeString(Path.of(args.log()), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the message is on stderr too
        }
    }

    /** The global flags, the verb and its arguments. */
    record RuntimeArgs(Path root, String log, String logFormat, boolean debug, String verb, List<String> rest) {
        static RuntimeArgs parse(String[] argv) {
            String root = DEFAULT_ROOT, log = null, format = "text", verb = null;
            boolean debug = false;
            int i = 0;
            for (; i < argv.length && argv[i].startsWith("-"); i++) {
                String a = argv[i];
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                switch (name) {
                    case "--root" -> root = value != null ? value : next(argv, ++i, name);
                    case "--log" -> log = value != null ? value : next(argv, ++i, name);
                    case "--log-format" -> format = value != null ? value : next(argv, ++i, name);
                    case "--debug" -> debug = true;
                    case "--systemd-cgroup" -> throw new InvalidArgumentException(
                            "--systemd-cgroup is not supported: mini-docker-runtime manages cgroups with the cgroupfs driver only "
                                    + "(podman: --cgroup-manager cgroupfs)");
                    case "--rootless" -> {
                        String v = value != null ? value : next(argv, ++i, name);
                        if (v.equals("true")) throw new InvalidArgumentException("--rootless true is not supported");
                    }
                    case "--criu" -> next(argv, ++i, name);
                    case "--version", "-v" -> verb = "--version";
                    case "--help", "-h" -> verb = "--help";
                    default -> throw new InvalidArgumentException("unknown global flag " + a);
                }
                if (verb != null) break;
            }
            if (verb == null) {
                if (i >= argv.length) throw new InvalidArgumentException("no command given (create, start, state, kill, delete, run, exec, ps, features)");
                verb = argv[i++];
            } else {
                i++;
            }
            if (!"json".equals(format) && !"text".equals(format)) throw new InvalidArgumentException("--log-format: json or text, not " + format);
            List<String> rest = new ArrayList<>();
            for (; i < argv.length; i++) rest.add(argv[i]);
            return new RuntimeArgs(Path.of(root), log, format, debug, verb, rest);
        }

        private static String next(String[] argv, int i, String flag) {
            if (i >= argv.length) throw new InvalidArgumentException(flag + " needs a value");
            return argv[i];
        }
    }
}
