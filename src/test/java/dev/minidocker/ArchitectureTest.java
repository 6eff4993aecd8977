package dev.minidocker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down, through the layers of the table below (cli and the Engine API on top of
 * the engine, the runtime, image, network and state below it, model, linux, json and fs at the
 * bottom): a small scan of every
 * {@code import dev.minidocker...} and fully qualified {@code dev.minidocker.} reference in
 * src/main (comments and strings left out), checked against the table below. Any other edge fails,
 * naming the file and the edge. The root package (MiniDockerException and its kin) is everyone's.
 * Inside runtime, stage 2's packages (runtime/init, and runtime/spec that it shares with the
 * launcher) are layers of their own: the stage-2 jar holds only them, linux and the root package
 * (runtime/Stage2BoundaryTest checks the compiled jar; this checks the sources).
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/minidocker");

    /** Layer -> the layers it may use (besides itself and the root package). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("cli", Set.of("daemon", "engine", "model", "json", "fs", "linux")),
            Map.entry("daemon", Set.of("api", "api/engine", "api/model", "engine", "model", "json", "fs", "linux")),
            Map.entry("api", Set.of("json")),
            Map.entry("api/engine", Set.of("api", "api/model", "engine", "model", "json")),
            Map.entry("api/model", Set.of("model", "json")),
            Map.entry("engine", Set.of("runtime", "runtime/spec", "image", "image/dockerfile", "network", "state", "model", "json", "fs", "linux")),
            Map.entry("oci", Set.of("runtime", "runtime/spec", "model", "json", "fs", "linux")),
            Map.entry("runtime", Set.of("runtime/spec", "network", "state", "model", "json", "fs", "linux")),
            Map.entry("runtime/init", Set.of("runtime/spec", "linux", "model")),
            Map.entry("runtime/spec", Set.of("linux", "model")),
            Map.entry("image/dockerfile", Set.of("image", "model", "json")),
            Map.entry("image", Set.of("model", "json", "fs", "linux")),
            Map.entry("network", Set.of("state", "model", "json", "fs", "linux")),
            Map.entry("state", Set.of("model", "json", "fs")),
            Map.entry("model", Set.of()),
            Map.entry("linux", Set.of("model")),
            Map.entry("json", Set.of()),
            Map.entry("fs", Set.of()));

    /** The CLI uses linux only for the terminal and process basics it needs itself. */
    static final Set<String> CLI_LINUX = Set.of("dev.minidocker.linux.ProcessIdentity", "dev.minidocker.linux.FileFlags",
            "dev.minidocker.linux.LinuxFileSyscalls", "dev.minidocker.linux.SignalForwarder");

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.minidocker((?:\\.[a-z][a-z0-9]*)*)(?:\\.([A-Z]\\w*))?");

    /** The layer of a package below dev.minidocker ("" for the root package). */
    static String layer(String pkg) {
        if (pkg.isEmpty()) return "";
        String[] p = pkg.split("\\.");
        if (p[0].equals("api") && p.length > 1 && (p[1].equals("engine") || p[1].equals("model"))) return "api/" + p[1];
        if (p[0].equals("runtime") && p.length > 1 && (p[1].equals("init") || p[1].equals("spec"))) return "runtime/" + p[1];
        if (p[0].equals("image") && p.length > 1 && p[1].equals("dockerfile")) return "image/dockerfile";
        return p[0];
    }

    /** Every edge of the source tree that the table does not allow: "file: from -> to (reference)". */
    static List<String> violations(Path main) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String from = layer(packageOf(main, f));
                for (String ref : references(Files.readString(f))) {
                    Matcher m = REFERENCE.matcher(ref);
                    if (!m.matches()) continue;
                    String to = layer(m.group(1).isEmpty() ? "" : m.group(1).substring(1));
                    if (allowed(from, to, ref)) continue;
                    out.add(main.relativize(f) + ": " + from + " -> " + (to.isEmpty() ? "(root)" : to) + " (" + ref + ")");
                }
            }
        }
        return out;
    }

    static boolean allowed(String from, String to, String ref) {
        if (to.isEmpty() || to.equals(from)) return true;
        if (!ALLOWED.getOrDefault(from, Set.of()).contains(to)) return false;
        return !(from.equals("cli") && to.equals("linux")) || CLI_LINUX.contains(ref);
    }

    private static String packageOf(Path main, Path file) {
        Path dir = main.relativize(file).getParent();
        return dir == null ? "" : dir.toString().replace('/', '.');
    }

    /** The dev.minidocker references of a source file, outside comments and string literals. */
    static Set<String> references(String source) {
        Set<String> refs = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code(source));
        while (m.find()) refs.add(m.group());
        return refs;
    }

    /** The source with comments, string and char literals blanked out. */
    static String code(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') i++;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                b.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                i = end < 0 ? s.length() : end + 3;
                b.append("\"\"");
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char q = s.charAt(i++);
                while (i < s.length() && s.charAt(i) != q) i += s.charAt(i) == '\\' ? 2 : 1;
                i++;
                b.append(q).append(q);
            } else {
                b.append(s.charAt(i++));
            }
        }
        return b.toString();
    }

    @Test
    void dependenciesPointOnlyDown() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the project directory: " + MAIN.toAbsolutePath());
        List<String> v = violations(MAIN);
        assertEquals(List.of(), v, "references against the layers (ArchitectureTest.ALLOWED):\n" + String.join("\n", v));
    }

    /** The scan itself: an upward import, a fully qualified one, and what it must not count. */
    @Test
    void theScanSeesUpwardEdgesAndIgnoresCommentsAndStrings(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path main = tmp.resolve("dev/minidocker");
        Files.createDirectories(main.resolve("runtime"));
        Files.createDirectories(main.resolve("model"));
        Files.createDirectories(main.resolve("runtime/init"));
        Files.writeString(main.resolve("runtime/Up.java"), """
                package dev.minidocker.runtime;
                import dev.minidocker.engine.Engine; // upward
                import dev.minidocker.state.ContainerStore;
                /** {@link dev.minidocker.cli.Main} in a comment is no edge. */
                class Up {
                    String s = "dev.minidocker.api.ApiServer";
                    Object o = dev.minidocker.cli.Main.class;
                    dev.minidocker.MiniDockerException e;
                }
                """);
        Files.writeString(main.resolve("model/Flat.java"), "package dev.minidocker.model;\nclass Flat {}\n");
        Files.writeString(main.resolve("runtime/init/Boot.java"), """
                package dev.minidocker.runtime.init;
                import dev.minidocker.runtime.spec.ContainerSpec;
                import dev.minidocker.runtime.process.Stdio; // outside the stage-2 jar
                class Boot {}
                """);
        assertEquals(List.of("runtime/Up.java: runtime -> cli (dev.minidocker.cli.Main)",
                "runtime/Up.java: runtime -> engine (dev.minidocker.engine.Engine)",
                "runtime/init/Boot.java: runtime/init -> runtime (dev.minidocker.runtime.process.Stdio)"), violations(main));
    }
}
