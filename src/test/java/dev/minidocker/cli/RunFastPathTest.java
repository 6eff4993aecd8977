package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The picocli-free parser of {@code run} must agree with picocli, or step aside (return null). */
class RunFastPathTest {

    /** What picocli makes of the same arguments, wired as Main.run wires it. */
    private static RunCommand picocli(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("run", RunCommand.class);
        cli.getSubcommands().get("run").setStopAtPositional(true);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return (RunCommand) parsed.subcommand().commandSpec().userObject();
    }

    private static void agree(String... args) {
        RunCommand fast = RunFastPath.parse(args);
        assertNotNull(fast, "the fast path should take " + List.of(args));
        RunCommand slow = picocli(args);
        assertEquals(slow.toRequest().withLifecycle(slow.restart, slow.init),
                fast.toRequest().withLifecycle(fast.restart, fast.init), List.of(args).toString());
        assertEquals(slow.detach, fast.detach, List.of(args).toString());
        assertEquals(slow.parent.global.root(), fast.parent.global.root());
        assertEquals(slow.parent.global.debug(), fast.parent.global.debug());
    }

    @Test
    void agreesWithPicocliOnThePlainForms() {
        agree("run", "--rm", "busybox", "true");
        agree("run", "-itd", "--rm", "busybox");   // a cluster of run's one-letter flags
        agree("--root", "/tmp/store", "run", "--rm", "busybox", "true");
        agree("--root=/tmp/store", "-D", "run", "busybox");
        agree("run", "--root", "/tmp/other", "--debug", "-it", "busybox", "sh");
        agree("run", "-ti", "--name", "web", "-e", "A=1", "--env", "B", "--env=C=3", "-v", "/a:/b:ro",
                "--volume=/c:/d", "--tmpfs", "/run", "--tmpfs", "/tmp:size=1m", "--read-only", "busybox", "ls", "-l", "--rm");
        agree("run", "-w", "/srv", "-u", "1000:1000", "--entrypoint", "", "-h", "box", "--net", "host",
                "-m", "64m", "--memory-swap", "-1", "-c", "1.5", "--cpu-shares", "512", "--cpuset-cpus", "0",
                "--pids-limit", "-1", "--platform", "linux/amd64", "--pull", "never", "busybox:1.36", "echo", "hi");
        agree("run", "--interactive", "--tty", "--workdir=/", "--user=root", "--hostname=h", "--network=none",
                "--memory=1g", "--cpus=2", "--pids-limit=64", "--rootfs=/srv/root", "sh", "-c", "exit 3");
        agree("run", "-r", "/srv/root", "--env-file", "/etc/env1", "--env-file", "/etc/env2", "true");
        agree("run", "busybox", "--", "-x");
        agree("run", "-p", "8080:80", "--publish=127.0.0.1::53/udp", "-P", "-p", "9000", "busybox");
        assertEquals(picocli("run").positionals, RunFastPath.parse(new String[] {"run"}).positionals);
    }

    @Test
    void leavesEverythingElseToPicocli() {
        for (List<String> args : List.of(
                List.of("--help"), List.of("ps"), List.of("run", "--help"), List.of("pull", "busybox"),
                List.of("-h", "run", "busybox"), List.of("run", "--name", "a", "--name", "b", "busybox"),
                List.of("run", "--rm", "--rm", "busybox"), List.of("run", "-itx", "busybox"),
                List.of("run", "-eA=1", "busybox"), List.of("run", "--name", "--rm", "busybox"),
                List.of("run", "--name"), List.of("run", "--", "busybox"), List.of("run", "--bogus", "busybox"),
                List.of("run", "--pids-limit", "010", "busybox"), List.of("run", "--pids-limit", "x", "busybox"),
                List.of("run", "--rm=true", "busybox"), List.of("run", "-", "busybox"),
                List.of("--root", "/a", "--root", "/b", "run", "busybox"))) {
            assertNull(RunFastPath.parse(args.toArray(String[]::new)), args.toString());
        }
    }

    /** Every option RunCommand declares is one the fast path knows (or it would silently fall back). */
    @Test
    void knowsEveryOptionOfRun() {
        List<String> names = new ArrayList<>();
        for (Field f : RunCommand.class.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o != null && !o.usageHelp()) names.addAll(List.of(o.names()));
        }
        assertTrue(names.size() > 30, names.toString());
        for (String name : names) {
            boolean flag = List.of("--rm", "-i", "--interactive", "-t", "--tty", "--read-only", "-d", "--detach", "--init",
                    "-P", "--publish-all").contains(name);
            String[] args = flag ? new String[] {"run", name, "img"} : new String[] {"run", name, "1", "img"};
            assertNotNull(RunFastPath.parse(args), name);
            agree(args);
        }
    }
}
