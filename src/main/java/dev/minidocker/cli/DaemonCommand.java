package dev.minidocker.cli;

import dev.minidocker.cli.options.DaemonOption;
import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.daemon.DaemonPaths;
import dev.minidocker.linux.ProcessIdentity;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mini-docker daemon}: runs in the foreground, owns detached containers and serves the
 * Docker Engine API until SIGTERM or SIGINT. Other verbs start it on demand when it is not running
 * (daemon/DaemonSpawner runs this verb). Its options are {@link DaemonOption}'s table, read by the
 * fast path ({@link #fast}: picocli's model cost every daemon start ~75 ms of CPU before it could
 * listen) and by picocli's model ({@link #spec}, with its {@code stop} sub-verb) alike.
 */
public final class DaemonCommand implements Callable<Integer> {
    private CommandSpec spec;

    private DaemonCommand() {}

    static CommandSpec spec() {
        DaemonCommand command = new DaemonCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("daemon");
        spec.usageMessage().description("Run the daemon that owns detached containers and serves the Docker Engine API.");
        PicocliOptions.add(spec, DaemonOption.values());
        spec.addSubcommand("stop", new CommandLine(new DaemonStopCommand()));
        command.spec = spec;
        return spec;
    }

    /** The global options, for the {@code stop} sub-verb. */
    GlobalOptions global() {
        return ((Main) spec.parent().userObject()).global;
    }

    @Override
    public Integer call() throws InterruptedException {
        return serve(args(PicocliOptions.given(spec.commandLine().getParseResult(), DaemonOption.values())), global());
    }

    /** The fast path ({@link Main}): errors printed and mapped to codes as picocli's execute() would. */
    static int fast(PlainArgs.Parsed parsed) {
        GlobalOptions global = GlobalOptions.of(parsed.options());
        try {
            return serve(args(parsed.options()), global);
        } catch (Exception e) {
            return ExitCodes.reportVerbFailure(e, global.debug());
        }
    }

    private static DaemonOption.Args args(List<PlainArgs.Given> given) {
        DaemonOption.Args args = new DaemonOption.Args();
        for (PlainArgs.Given g : given) {
            if (g.option() instanceof DaemonOption o) o.apply(args, g.value());
        }
        return args;
    }

    private static int serve(DaemonOption.Args args, GlobalOptions global) throws InterruptedException {
        DaemonAddress socket = args.host != null ? DaemonAddress.parse(args.host) : new DaemonPaths(global.root()).defaultAddress();
        if (!socket.isUnix()) throw new dev.minidocker.MiniDockerException("--host wants unix:///PATH; use --tcp for TCP");
        String socketGroup = args.group != null ? args.group : ProcessIdentity.effectiveUid() == 0 ? "root" : null;
        DaemonOptions options = new DaemonOptions(global.root(), socket,
                args.tcp == null ? null : DaemonAddress.parse(args.tcp), socketGroup);
        Daemon daemon = Daemon.start(options);
        // SIGTERM and SIGINT run shutdown hooks: stop serving, leave containers running.
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "daemon-stop"));
        System.err.println("mini-docker daemon: listening on " + socket
                + (args.tcp != null ? " and " + options.tcp() : "") + " for " + global.root()
                + " (pid " + ProcessHandle.current().pid() + ")");
        daemon.awaitStop();
        return 0;
    }
}
