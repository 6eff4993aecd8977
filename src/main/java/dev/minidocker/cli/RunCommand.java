package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.cli.options.InvalidFlagValueException;
import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.RunOption;
import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.container.RunPlanner;
import dev.minidocker.engine.container.RunRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code mini-docker run [OPTIONS] IMAGE [COMMAND] [ARG...]}. The options are {@link RunOption}'s
 * table; picocli's model of them is built from it ({@link #spec}) for the forms the fast path
 * leaves to picocli (help, errors, unusual spellings). Option parsing stops at the first
 * positional (set in {@link Main}), so {@code run busybox ls -l} hands {@code -l} to ls.
 */
public final class RunCommand implements Callable<Integer> {
    private CommandSpec spec;

    private RunCommand() {}

    /** picocli's model of run, from the table. */
    static CommandSpec spec() {
        RunCommand command = new RunCommand();
        command.spec = withRunOptions(command, "run", "Create and run a new container from an image (or a plain root directory with -r).");
        return command.spec;
    }

    /** A verb that takes run's options and IMAGE [COMMAND] [ARG...] (run, create): picocli's model from RunOption. */
    static CommandSpec withRunOptions(Object command, String name, String description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().sortOptions(false).autoWidth(true).description(description);
        spec.addOption(OptionSpec.builder("--help").usageHelp(true).description("Show this help.").build());
        PicocliOptions.add(spec, RunOption.values());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("IMAGE [COMMAND] [ARG...]").arity("0..*")
                .type(List.class).auxiliaryTypes(String.class)
                .description("The image, then the command and its arguments (all of them are the command with -r).")
                .build());
        return spec;
    }

    @Override
    public Integer call() {
        RunRequest request = request(spec, "run");
        try (CidFile cid = CidFile.open(given(spec))) {
            return execute(request, ((Main) spec.parent().userObject()).global, cid);
        }
    }

    /** The options picocli parsed for a verb made by {@link #withRunOptions}. */
    static List<PlainArgs.Given> given(CommandSpec spec) {
        return PicocliOptions.given(spec.commandLine().getParseResult(), RunOption.values());
    }

    /** The request of a verb made by {@link #withRunOptions}, from what picocli parsed. */
    static RunRequest request(CommandSpec spec, String verb) {
        List<String> positionals = spec.positionalParameters().getFirst().getValue();
        return request(given(spec), positionals == null ? List.of() : positionals, verb);
    }

    /**
     * The fast path ({@link Main}): the request from the plain arguments, run by the store's daemon
     * when one answers (a foreground run without -t), else here. Errors printed, mapped to codes.
     */
    static int fast(PlainArgs.Parsed parsed) {
        GlobalOptions global = GlobalOptions.of(parsed.options());
        try {
            RunRequest request = request(parsed.options(), parsed.positionals());
            // --cidfile: the id is known only where the container is created, so such a run stays here
            if (!request.detach() && !request.tty() && !CidFile.given(parsed.options())) {
                Integer code = RemoteRun.attempt(global.rootPath(), request);
                if (code != null) return code;
            }
            try (CidFile cid = CidFile.open(parsed.options())) {
                return execute(request, global, cid);
            } finally {
                if (!request.detach()) DaemonAutostart.afterInProcessRun(global.rootPath());
            }
        } catch (Exception e) {
            return ExitCodes.reportToStderr(e, global.debug());
        }
    }

    /** The request the options and positionals make: IMAGE [COMMAND...], or all of them the command with -r. */
    static RunRequest request(List<PlainArgs.Given> given, List<String> positionals) {
        return request(given, positionals, "run");
    }

    /** As above, for {@code verb} (run's options serve create too). */
    static RunRequest request(List<PlainArgs.Given> given, List<String> positionals, String verb) {
        RunRequest.Builder b = new RunRequest.Builder();
        for (PlainArgs.Given g : given) {
            if (g.option() instanceof RunOption o) apply(o, b, g.value());
        }
        if (b.hasRootfs()) return b.command(positionals).build();
        if (positionals.isEmpty()) throw new ArgumentCountException("\"" + verb + "\" requires at least 1 argument");
        return b.image(positionals.getFirst()).command(positionals.subList(1, positionals.size())).build();
    }

    /**
     * One flag into the request. A value it cannot take is a flag error, 125 for create as for run:
     * the docker CLI parses these values itself (-p, --restart, --ulimit, --mount, ...) before it
     * sends the daemon anything.
     */
    private static void apply(RunOption o, RunRequest.Builder b, String value) {
        try {
            o.apply(b, value);
        } catch (InvalidFlagValueException e) {
            throw e;
        } catch (MiniDockerException | IllegalArgumentException e) {
            throw new InvalidFlagValueException(e.getMessage());
        }
    }

    /**
     * What the docker CLI checks of run's flag values before it asks the daemon anything
     * ({@link RunPlanner#checkFlags}): for create, as for run, a failure is a flag error (125).
     */
    static void checkFlags(RunRequest request) {
        try {
            RunPlanner.checkFlags(request, System.getenv());
        } catch (MiniDockerException e) {
            throw new InvalidFlagValueException(e.getMessage());
        }
    }

    /**
     * Runs here to the container's end, or with -d creates here and has the daemon start it;
     * {@code cid} (may be null) gets the id once the container is created.
     */
    static int execute(RunRequest request, GlobalOptions global, CidFile cid) {
        if (!request.detach()) { // which checks for root
            return global.engine().containers().run(request, "run", cid == null ? null : cid::write);
        }
        RootPrivileges.require("run");
        Engine engine = global.engine();
        String id = engine.containers().create(request, System.getenv(), System.err);
        try {
            if (cid != null) cid.write(id);
            DaemonClient.ensureRunning(global.root()).call("POST", "/containers/" + id + "/start", null);
        } catch (RuntimeException e) {
            if (request.autoRemove()) engine.containers().discard(id);
            throw e;
        }
        System.out.println(id);
        return 0;
    }
}
