package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.cli.options.GlobalOption;
import dev.minidocker.cli.options.OptionDef;
import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.BuildOption;
import dev.minidocker.cli.options.DaemonOption;
import dev.minidocker.cli.options.PullOption;
import dev.minidocker.cli.options.PushOption;
import dev.minidocker.cli.options.RunOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One definition per option: the fast path (PlainArgs) and picocli's model, both built from the
 * tables, read every option of run and pull alike, or the fast path steps aside (null).
 */
class OptionTablesTest {

    /** What picocli's model makes of {@code args}: the verb's options and positionals, and the globals. */
    private record ByPicocli(List<PlainArgs.Given> given, List<String> positionals) {}

    private static ByPicocli picocli(String verb, OptionDef[] table, String... args) {
        CommandLine cli = Picocli.commandLine(verb);
        CommandLine.ParseResult top = cli.parseArgs(args);
        CommandLine.ParseResult sub = top.subcommand();
        List<PlainArgs.Given> given = new ArrayList<>(PicocliOptions.given(top, GlobalOption.values()));
        given.addAll(PicocliOptions.given(sub, GlobalOption.values()));
        given.addAll(PicocliOptions.given(sub, table));
        List<String> positionals = new ArrayList<>();
        for (var p : sub.matchedPositionals()) {
            Object v = p.getValue();
            if (v instanceof List<?> l) l.forEach(x -> positionals.add(String.valueOf(x)));
            else positionals.add(String.valueOf(v));
        }
        return new ByPicocli(given, positionals);
    }

    /** The request (or the conversion's error message) either parse makes. */
    private static Object runOutcome(List<PlainArgs.Given> given, List<String> positionals) {
        try {
            return RunCommand.request(given, positionals);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static GlobalOptions globals(List<PlainArgs.Given> given) {
        return GlobalOptions.of(given);
    }

    private static void agreeOnRun(String... args) {
        PlainArgs.Parsed fast = PlainArgs.parse(args, "run", RunOption.values(), true);
        assertNotNull(fast, "the fast path should take " + List.of(args));
        ByPicocli slow = picocli("run", RunOption.values(), args);
        String what = List.of(args).toString();
        assertEquals(runOutcome(slow.given(), slow.positionals()), runOutcome(fast.options(), fast.positionals()), what);
        assertEquals(globals(slow.given()).rootPath(), globals(fast.options()).rootPath(), what);
        assertEquals(globals(slow.given()).debug(), globals(fast.options()).debug(), what);
    }

    @Test
    void runsFastPathAgreesWithPicocliOnThePlainForms() {
        agreeOnRun("run", "--rm", "busybox", "true");
        agreeOnRun("run", "-itd", "--rm", "busybox");   // a cluster of run's one-letter flags
        agreeOnRun("--root", "/tmp/store", "run", "--rm", "busybox", "true");
        agreeOnRun("--root=/tmp/store", "-D", "run", "busybox");
        agreeOnRun("run", "--root", "/tmp/other", "--debug", "-it", "busybox", "sh");
        agreeOnRun("run", "-ti", "--name", "web", "-e", "A=1", "--env", "B", "--env=C=3", "-v", "/a:/b:ro",
                "--volume=/c:/d", "--tmpfs", "/run", "--tmpfs", "/tmp:size=1m", "--read-only", "busybox", "ls", "-l", "--rm");
        agreeOnRun("run", "-w", "/srv", "-u", "1000:1000", "--entrypoint", "", "-h", "box", "--net", "host",
                "-m", "64m", "--memory-swap", "-1", "-c", "1.5", "--cpu-shares", "512", "--cpuset-cpus", "0",
                "--pids-limit", "-1", "--platform", "linux/amd64", "--pull", "never", "busybox:1.36", "echo", "hi");
        agreeOnRun("run", "--interactive", "--tty", "--workdir=/", "--user=root", "--hostname=h", "--network=none",
                "--memory=1g", "--cpus=2", "--pids-limit=64", "--rootfs=/srv/root", "sh", "-c", "exit 3");
        agreeOnRun("run", "-r", "/srv/root", "--env-file", "/etc/env1", "--env-file", "/etc/env2", "true");
        agreeOnRun("run", "busybox", "--", "-x");
        agreeOnRun("run", "-p", "8080:80", "--publish=127.0.0.1::53/udp", "-P", "-p", "9000", "busybox");
        agreeOnRun("run", "--restart", "on-failure:3", "--init", "-d", "busybox");
        agreeOnRun("run", "-m", "lots", "busybox");           // the same conversion error either way
        agreeOnRun("run", "--pull", "sometimes", "busybox");
        agreeOnRun("run");                                     // "run" requires at least 1 argument
    }

    @Test
    void runsFastPathLeavesEverythingElseToPicocli() {
        for (List<String> args : List.of(
                List.of("--help"), List.of("ps"), List.of("run", "--help"), List.of("pull", "busybox"),
                List.of("-h", "run", "busybox"), List.of("run", "--name", "a", "--name", "b", "busybox"),
                List.of("run", "--rm", "--rm", "busybox"), List.of("run", "-itx", "busybox"),
                List.of("run", "-eA=1", "busybox"), List.of("run", "--name", "--rm", "busybox"),
                List.of("run", "--name"), List.of("run", "--", "busybox"), List.of("run", "--bogus", "busybox"),
                List.of("run", "--pids-limit", "010", "busybox"), List.of("run", "--pids-limit", "x", "busybox"),
                List.of("run", "--rm=true", "busybox"), List.of("run", "-", "busybox"),
                List.of("--root", "/a", "--root", "/b", "run", "busybox"), List.of("run", "-itD", "busybox"))) {
            assertNull(PlainArgs.parse(args.toArray(String[]::new), "run", RunOption.values(), true), args.toString());
        }
    }

    /** Each option of each table, with a plain value of its type, as both parsers read it. */
    private static List<String[]> everyOption(String verb, OptionDef[] table, String positional) {
        List<String[]> out = new ArrayList<>();
        for (OptionDef o : table) {
            for (String name : o.names()) {
                String value = switch (o.type()) {
                    case LONG, INT -> "2";
                    case PATH -> "/tmp/x";
                    case TEXT -> "1";
                };
                out.add(o.isFlag() ? new String[] {verb, name, positional} : new String[] {verb, name, value, positional});
            }
        }
        return out;
    }

    @Test
    void bothParsersKnowEveryOptionOfRun() {
        List<String[]> all = everyOption("run", RunOption.values(), "img");
        assertTrue(all.size() > 40, "run has " + all.size() + " spellings");
        for (String[] args : all) agreeOnRun(args);
    }

    private static void agreeOnPull(String... args) {
        PlainArgs.Parsed fast = PlainArgs.parse(args, "pull", PullOption.values(), false);
        assertNotNull(fast, "the fast path should take " + List.of(args));
        ByPicocli slow = picocli("pull", PullOption.values(), args);
        String what = List.of(args).toString();
        assertEquals(pullArgs(slow.given(), slow.positionals()), pullArgs(fast.options(), fast.positionals()), what);
        assertEquals(globals(slow.given()).rootPath(), globals(fast.options()).rootPath(), what);
        assertEquals(globals(slow.given()).debug(), globals(fast.options()).debug(), what);
    }

    private static String pullArgs(List<PlainArgs.Given> given, List<String> positionals) {
        PullOption.Args a = new PullOption.Args();
        for (PlainArgs.Given g : given) if (g.option() instanceof PullOption o) o.apply(a, g.value());
        return Objects.toString(positionals) + " q=" + a.quiet + " p=" + a.platform + " n=" + a.maxConcurrentDownloads
                + " i=" + a.insecureRegistries;
    }

    @Test
    void pullsFastPathAgreesWithPicocli() {
        agreeOnPull("pull", "busybox");
        agreeOnPull("--root", "/tmp/store", "pull", "127.0.0.1:5000/big:latest");
        agreeOnPull("--root=/tmp/store", "-D", "pull", "-q", "busybox@sha256:" + "a".repeat(64));
        agreeOnPull("pull", "--root", "/tmp/other", "--debug", "--quiet", "busybox");
        agreeOnPull("pull", "--platform", "linux/arm64/v8", "--max-concurrent-downloads", "5", "--insecure-registry", "r:5000",
                "--insecure-registry=other", "busybox:1.36");
        agreeOnPull("pull", "--platform=linux/amd64", "--max-concurrent-downloads=1", "busybox", "-q");
        for (String[] args : everyOption("pull", PullOption.values(), "busybox")) agreeOnPull(args);
    }

    @Test
    void pullsFastPathLeavesEverythingElseToPicocli() {
        for (List<String> args : List.of(
                List.of("--help"), List.of("pull", "--help"), List.of("pull", "-h", "busybox"),
                List.of("run", "busybox"), List.of("images"), List.of("-q", "pull", "busybox"),
                List.of("pull", "-qD", "busybox"), List.of("pull", "-q", "-q", "busybox"),
                List.of("pull", "--platform", "a", "--platform", "b", "busybox"), List.of("pull", "--platform"),
                List.of("pull", "--platform", "--quiet", "busybox"), List.of("pull", "--", "busybox"),
                List.of("pull", "--bogus", "busybox"), List.of("pull", "--max-concurrent-downloads", "010", "busybox"),
                List.of("pull", "--max-concurrent-downloads", "x", "busybox"), List.of("pull", "--quiet=true", "busybox"),
                List.of("pull", "-", "busybox"), List.of("--root", "/a", "--root", "/b", "pull", "busybox"))) {
            assertNull(PlainArgs.parse(args.toArray(String[]::new), "pull", PullOption.values(), false), args.toString());
        }
    }

    /** Errors still come out as one line and exit code 1 (docker pull's), as picocli's handler makes them. */
    @Test
    void pullReportsErrorsLikePicocli(@TempDir Path root) {
        assertEquals(1, Main.run("--root", root.toString(), "pull", "--max-concurrent-downloads", "0", "busybox"));
    }

    private static void agreeOnPush(String... args) {
        PlainArgs.Parsed fast = PlainArgs.parse(args, "push", PushOption.values(), false);
        assertNotNull(fast, "the fast path should take " + List.of(args));
        ByPicocli slow = picocli("push", PushOption.values(), args);
        String what = List.of(args).toString();
        assertEquals(pushArgs(slow.given(), slow.positionals()), pushArgs(fast.options(), fast.positionals()), what);
        assertEquals(globals(slow.given()).rootPath(), globals(fast.options()).rootPath(), what);
    }

    private static String pushArgs(List<PlainArgs.Given> given, List<String> positionals) {
        PushOption.Args a = new PushOption.Args();
        for (PlainArgs.Given g : given) if (g.option() instanceof PushOption o) o.apply(a, g.value());
        return positionals + " a=" + a.allTags + " q=" + a.quiet + " i=" + a.insecureRegistries;
    }

    @Test
    void pushsFastPathAgreesWithPicocli() {
        agreeOnPush("push", "127.0.0.1:5000/app:1");
        agreeOnPush("--root", "/tmp/store", "push", "-q", "--insecure-registry", "r:5000", "--insecure-registry=o", "r:5000/app");
        agreeOnPush("push", "-a", "--quiet", "r:5000/app", "--root=/tmp/other");
        for (String[] args : everyOption("push", PushOption.values(), "r:5000/app")) agreeOnPush(args);
        for (List<String> args : List.of(List.of("push", "--help"), List.of("push", "-q", "-q", "app"), List.of("push", "-aD", "app"),
                List.of("push", "--bogus", "app"), List.of("push", "--all-tags=true", "app"), List.of("image", "push", "app"))) {
            assertNull(PlainArgs.parse(args.toArray(String[]::new), "push", PushOption.values(), false), args.toString());
        }
    }

    /** Errors still come out as one line and exit code 1 (docker push's), as picocli's handler makes them. */
    @Test
    void pushReportsErrorsLikePicocli(@TempDir Path root) {
        assertEquals(1, Main.run("--root", root.toString(), "push", "127.0.0.1:9/nosuch:1"));
    }

    private static void agreeOnBuild(String... args) {
        PlainArgs.Parsed fast = PlainArgs.parse(args, "build", BuildOption.values(), false);
        assertNotNull(fast, "the fast path should take " + List.of(args));
        ByPicocli slow = picocli("build", BuildOption.values(), args);
        assertEquals(buildArgs(slow.given(), slow.positionals()), buildArgs(fast.options(), fast.positionals()), List.of(args).toString());
    }

    private static String buildArgs(List<PlainArgs.Given> given, List<String> positionals) {
        BuildOption.Args a = new BuildOption.Args();
        for (PlainArgs.Given g : given) if (g.option() instanceof BuildOption o) o.apply(a, g.value());
        return positionals + " t=" + a.tags + " f=" + a.file + " args=" + a.buildArgs + " labels=" + a.labels + " target="
                + a.target + " nc=" + a.noCache + " pull=" + a.pull + " q=" + a.quiet + " net=" + a.network + " p=" + a.platform;
    }

    @Test
    void buildsFastPathAgreesWithPicocli() {
        agreeOnBuild("build", ".");
        agreeOnBuild("--root", "/tmp/store", "build", "-t", "a:1", "--tag=b", "-f", "Other.dockerfile", "--build-arg", "K=V",
                "--build-arg=E", "--label", "l=1", "--target", "stage", "--no-cache", "--pull", "-q", "--network=none",
                "--platform", "linux/amd64", "--rm", "--force-rm", "ctx");
        for (String[] args : everyOption("build", BuildOption.values(), "ctx")) agreeOnBuild(args);
        for (List<String> args : List.of(List.of("build", "--help"), List.of("build", "-"), List.of("build", "--rm=false", "."),
                List.of("build", "-q", "-q", "."), List.of("build", "--bogus", "."))) {
            assertNull(PlainArgs.parse(args.toArray(String[]::new), "build", BuildOption.values(), false), args.toString());
        }
    }

    private static void agreeOnDaemon(String... args) {
        PlainArgs.Parsed fast = PlainArgs.parse(args, "daemon", DaemonOption.values(), false);
        assertNotNull(fast, "the fast path should take " + List.of(args));
        assertTrue(fast.positionals().isEmpty(), List.of(args).toString());
        ByPicocli slow = picocli("daemon", DaemonOption.values(), args);
        String what = List.of(args).toString();
        assertEquals(daemonArgs(slow.given()), daemonArgs(fast.options()), what);
        assertEquals(globals(slow.given()).rootPath(), globals(fast.options()).rootPath(), what);
    }

    private static String daemonArgs(List<PlainArgs.Given> given) {
        DaemonOption.Args a = new DaemonOption.Args();
        for (PlainArgs.Given g : given) if (g.option() instanceof DaemonOption o) o.apply(a, g.value());
        return "h=" + a.host + " t=" + a.tcp + " g=" + a.group;
    }

    /** What DaemonSpawner runs, and every other plain form, parse alike; `daemon stop` and the rest stay picocli's. */
    @Test
    void daemonsFastPathAgreesWithPicocli() {
        agreeOnDaemon("--root", "/tmp/store", "daemon", "--host", "unix:///tmp/store/minidocker.sock");
        agreeOnDaemon("daemon", "-H", "unix:///run/x.sock", "--tcp", "127.0.0.1:2375", "--group=docker", "-D");
        agreeOnDaemon("daemon");
        for (DaemonOption o : DaemonOption.values()) for (String name : o.names()) agreeOnDaemon("daemon", name, "x");
        for (List<String> args : List.of(List.of("daemon", "--help"), List.of("daemon", "--bogus"), List.of("daemon", "-Hunix:///x"),
                List.of("daemon", "--tcp", "a", "--tcp", "b"), List.of("daemon", "--host"))) {
            assertNull(PlainArgs.parse(args.toArray(String[]::new), "daemon", DaemonOption.values(), false), args.toString());
        }
        PlainArgs.Parsed stop = PlainArgs.parse(new String[] {"daemon", "stop"}, "daemon", DaemonOption.values(), false);
        assertTrue(stop == null || !stop.positionals().isEmpty(), "`daemon stop` is not the daemon itself");
    }

    @Test
    void theVerbIsFoundPastTheGlobalOptionsOfTheTable() {
        assertEquals("run", Main.verb(new String[] {"--root", "/x", "-D", "run", "busybox"}));
        assertEquals("ps", Main.verb(new String[] {"--debug", "ps"}));
        assertNull(Main.verb(new String[] {"--root", "run"}));
    }

    @Test
    void relativePathsOfARequestResolveAgainstTheCallersDirectory() {
        var r = RunCommand.request(PlainArgs.parse(new String[] {"run", "--env-file", "vars.env", "-r", "rootfs", "sh"},
                "run", RunOption.values(), true).options(), List.of("sh")).withPathsAgainst(Path.of("/home/client"));
        assertEquals(List.of(Path.of("/home/client/vars.env")), r.envFiles());
        assertEquals(Path.of("/home/client/rootfs"), r.rootfs());
        assertEquals(List.of("sh"), r.command());
    }

    @Test
    void runCommandTakesTheDefaultFilesystemOrBusybox() {
        var withFs = RunCommandCommand.request(List.of("echo", "-n", "hi"), "/opt/fs");
        assertEquals(Path.of("/opt/fs"), withFs.rootfs());
        assertEquals(List.of("echo", "-n", "hi"), withFs.command());
        assertTrue(withFs.autoRemove());
        assertEquals("busybox:latest", RunCommandCommand.request(List.of("true"), null).image());
    }
}
