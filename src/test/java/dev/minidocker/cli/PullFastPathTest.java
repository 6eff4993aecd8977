package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The picocli-free parser of {@code pull} must agree with picocli, or step aside (return null). */
class PullFastPathTest {

    /** What picocli makes of the same arguments, wired as Main.run wires it. */
    private static PullCommand picocli(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("pull", PullCommand.class);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (PullCommand) parsed.subcommand().commandSpec().userObject();
    }

    private static void agree(String... args) {
        PullCommand fast = PullFastPath.parse(args);
        assertNotNull(fast, "the fast path should take " + List.of(args));
        PullCommand slow = picocli(args);
        String what = List.of(args).toString();
        assertEquals(slow.name, fast.name, what);
        assertEquals(slow.quiet, fast.quiet, what);
        assertEquals(slow.platform, fast.platform, what);
        assertEquals(slow.maxConcurrentDownloads, fast.maxConcurrentDownloads, what);
        assertEquals(slow.insecureRegistries, fast.insecureRegistries, what);
        assertEquals(slow.main.global.root(), fast.main.global.root(), what);
        assertEquals(slow.main.global.debug(), fast.main.global.debug(), what);
    }

    @Test
    void agreesWithPicocliOnThePlainForms() {
        agree("pull", "busybox");
        agree("--root", "/tmp/store", "pull", "127.0.0.1:5000/big:latest");
        agree("--root=/tmp/store", "-D", "pull", "-q", "busybox@sha256:" + "a".repeat(64));
        agree("pull", "--root", "/tmp/other", "--debug", "--quiet", "busybox");
        agree("pull", "--platform", "linux/arm64/v8", "--max-concurrent-downloads", "5", "--insecure-registry", "r:5000",
                "--insecure-registry=other", "busybox:1.36");
        agree("pull", "--platform=linux/amd64", "--max-concurrent-downloads=1", "busybox", "-q");
    }

    @Test
    void leavesEverythingElseToPicocli() {
        for (List<String> args : List.of(
                List.of("--help"), List.of("pull"), List.of("pull", "--help"), List.of("pull", "-h", "busybox"),
                List.of("run", "busybox"), List.of("images"), List.of("-q", "pull", "busybox"),
                List.of("pull", "a", "b"), List.of("pull", "-qD", "busybox"), List.of("pull", "-q", "-q", "busybox"),
                List.of("pull", "--platform", "a", "--platform", "b", "busybox"), List.of("pull", "--platform"),
                List.of("pull", "--platform", "--quiet", "busybox"), List.of("pull", "--", "busybox"),
                List.of("pull", "--bogus", "busybox"), List.of("pull", "--max-concurrent-downloads", "010", "busybox"),
                List.of("pull", "--max-concurrent-downloads", "x", "busybox"), List.of("pull", "--quiet=true", "busybox"),
                List.of("pull", "-", "busybox"), List.of("--root", "/a", "--root", "/b", "pull", "busybox"))) {
            assertNull(PullFastPath.parse(args.toArray(String[]::new)), args.toString());
        }
    }

    /** Every option PullCommand declares is one the fast path knows (or it would silently fall back). */
    @Test
    void knowsEveryOptionOfPull() {
        List<String> names = new ArrayList<>();
        for (Field f : PullCommand.class.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o != null) names.addAll(List.of(o.names()));
        }
        assertTrue(names.size() >= 5, names.toString());
        for (String name : names) {
            boolean flag = List.of("-q", "--quiet").contains(name);
            String[] args = flag ? new String[] {"pull", name, "busybox"} : new String[] {"pull", name, "1", "busybox"};
            assertNotNull(PullFastPath.parse(args), name);
        }
    }

    /** Errors still come out as one line and exit code 1 (docker pull's), as picocli's handler makes them. */
    @Test
    void reportsErrorsLikePicocli(@TempDir Path root) {
        assertEquals(1, Main.run("--root", root.toString(), "pull", "--max-concurrent-downloads", "0", "busybox"));
    }
}
