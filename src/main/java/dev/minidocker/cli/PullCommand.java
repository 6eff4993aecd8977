package dev.minidocker.cli;

import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.PullOption;
import dev.minidocker.engine.image.PullListener;
import dev.minidocker.engine.image.PullOutcome;
import dev.minidocker.engine.image.PullProgressPrinter;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code pull}: fetch an image from a registry into the store, with Docker's output. Its options
 * are {@link PullOption}'s table, read by the fast path ({@link #fast}) and by picocli's model
 * ({@link #spec}) alike.
 */
public final class PullCommand implements Callable<Integer> {
    private CommandSpec spec;

    private PullCommand() {}

    static CommandSpec spec() {
        PullCommand command = new PullCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("pull");
        spec.usageMessage().description("Download an image from a registry.");
        PicocliOptions.add(spec, PullOption.values());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("NAME[:TAG|@DIGEST]").index("0").arity("1").required(true).type(String.class)
                .build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        PullOption.Args args = args(PicocliOptions.given(spec.commandLine().getParseResult(), PullOption.values()),
                spec.positionalParameters().getFirst().getValue());
        return pull(args, ((Main) spec.parent().userObject()).global);
    }

    /** The fast path ({@link Main}): errors printed and mapped to codes as picocli's execute() would. */
    static int fast(PlainArgs.Parsed parsed) {
        GlobalOptions global = GlobalOptions.of(parsed.options());
        try {
            return pull(args(parsed.options(), parsed.positionals().getFirst()), global);
        } catch (Exception e) {
            return ExitCodes.reportVerbFailure(e, global.debug());
        }
    }

    private static PullOption.Args args(List<PlainArgs.Given> given, String name) {
        PullOption.Args args = new PullOption.Args();
        for (PlainArgs.Given g : given) {
            if (g.option() instanceof PullOption o) o.apply(args, g.value());
        }
        args.name = name;
        return args;
    }

    /** Pulls and prints what {@code docker pull} prints: per-layer lines, "Digest:", "Status:", the reference. */
    private static int pull(PullOption.Args args, GlobalOptions global) {
        PullListener progress = args.quiet ? PullListener.QUIET : new PullProgressPrinter(System.out, isTerminal());
        PullOutcome r = global.engine().images().pull(args.name, args.platform, args.insecureRegistries,
                args.maxConcurrentDownloads, progress);
        System.out.println(r.reference());
        System.out.flush();
        return 0;
    }

    /** Since JDK 22 System.console() is non-null even when redirected: ask isTerminal(). */
    private static boolean isTerminal() {
        Console c = System.console();
        return c != null && c.isTerminal();
    }
}
