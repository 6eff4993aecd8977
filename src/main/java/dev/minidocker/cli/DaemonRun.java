package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.runtime.RunRequest;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.NetworkSetup;
import dev.minidocker.runtime.process.Stage2Source;
import dev.minidocker.state.ContainerStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * A foreground {@code run} or {@code run-command} the daemon does for a client (POST
 * /minidocker/run): the client's arguments parsed by the same parser as the CLI's (RunFastPath,
 * else picocli), planned with the client's environment and working directory, run by the same
 * {@link dev.minidocker.runtime.container.ContainerRun} as in-process, and the outcome in the terms of
 * {@link ExitCodes}: the exit code, or the code and one-line message the CLI would print.
 */
public final class DaemonRun {
    /** Verbs a client may send. */
    public static final List<String> VERBS = List.of("run", "run-command");

    /** How the run ended: {@code error == null}: the container's exit code; else mini-docker's failure. */
    public record Outcome(int code, String error) {
        static Outcome exit(int code) {
            return new Outcome(code, null);
        }
    }

    /** What the daemon runs containers with (its stores, cgroups, networks). */
    public record Services(ContainerStore store, ImageStore images, CgroupFactory cgroups, NetworkSetup network) {}

    /** The client as it asked: verb and its arguments, environment and working directory. */
    public record Caller(String verb, List<String> args, Map<String, String> env, Path cwd) {}

    private DaemonRun() {}

    /**
     * Runs the container to its end. {@code out} is the client's stdout (for --help), {@code progress}
     * its stderr (pull progress); {@code stage2} is where stage 2 comes from, with the client's stdio.
     */
    public static Outcome run(Services services, Caller caller, Stage2Source stage2, PrintStream out,
                              PrintStream progress) {
        try {
            RunRequest request = parse(caller, out);
            if (request == null) return Outcome.exit(0); // --help, printed
            Backends backends = new Backends(services.store(), new StoreImageResolver(services.images()), stage2,
                    services.cgroups(), services.network());
            return Outcome.exit(backends.plannedRun(request, caller.env(), progress));
        } catch (CommandLine.ParameterException e) {
            return new Outcome(ExitCodes.TOOL_ERROR, ExitCodes.oneLine(e));
        } catch (RuntimeException | Error e) {
            if (!(e instanceof MiniDockerException)) {
                System.err.println("mini-docker daemon: run for a client failed:");
                e.printStackTrace();
            }
            return new Outcome(ExitCodes.forException(e), ExitCodes.oneLine(e));
        }
    }

    /** The request, or null when help was asked for (printed to {@code out}). */
    static RunRequest parse(Caller caller, PrintStream out) {
        if (!VERBS.contains(caller.verb())) throw new MiniDockerException("unknown verb for the daemon: " + caller.verb());
        List<String> argv = new ArrayList<>();
        argv.add(caller.verb());
        argv.addAll(caller.args());
        String[] args = argv.toArray(String[]::new);
        Path cwd = caller.cwd();
        if (caller.verb().equals("run")) {
            RunCommand run = RunFastPath.parse(args);
            if (run == null) {
                run = (RunCommand) picocli(RunCommand.class, args, out);
                if (run == null) return null;
            }
            if (run.detach) throw new MiniDockerException("a detached run (-d) does not go through /minidocker/run");
            if (run.tty) throw new MiniDockerException("a run with -t does not go through /minidocker/run");
            run.envFiles.replaceAll(cwd::resolve);
            if (run.rootfs != null) run.rootfs = cwd.resolve(run.rootfs);
            return run.toRequest().withLifecycle(run.restart, run.init);
        }
        RunCommandCommand command = (RunCommandCommand) picocli(RunCommandCommand.class, args, out);
        if (command == null) return null;
        String defaultFs = caller.env().get("MINIDOCKER_DEFAULT_FS");
        return command.request(defaultFs == null || defaultFs.isEmpty() ? defaultFs : cwd.resolve(defaultFs).toString());
    }

    /** Parses with picocli as Main does (stop at the first positional); null after printing help. */
    private static Object picocli(Class<?> verb, String[] args, PrintStream out) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(args[0], verb);
        CommandLine sub = cli.getSubcommands().get(args[0]);
        sub.setStopAtPositional(true);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        if (parsed.subcommand() != null && parsed.subcommand().isUsageHelpRequested()) {
            sub.usage(out);
            out.flush();
            return null;
        }
        return sub.getCommand();
    }
}
