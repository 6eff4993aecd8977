package dev.minidocker.cli;

import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.PushOption;
import dev.minidocker.engine.image.PullListener;
import dev.minidocker.engine.image.PullProgressPrinter;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code push} and {@code image push}: an image to its registry, with docker's progress lines. Its
 * options are {@link PushOption}'s table, read by the fast path ({@link #fast}: a push with nothing
 * to upload is mostly start-up, and picocli's classes cannot sit in the AOT cache) and by picocli's
 * model ({@link #spec}) alike.
 */
public final class PushCommand implements Callable<Integer> {
    private CommandSpec spec;

    private PushCommand() {}

    static CommandSpec spec() {
        PushCommand command = new PushCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("push");
        spec.usageMessage().description("Upload an image to a registry.");
        spec.addOption(OptionSpec.builder("--help").usageHelp(true).description("Show this help.").build());
        PicocliOptions.add(spec, PushOption.values());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("NAME[:TAG]").index("0").arity("1").required(true)
                .type(String.class).build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        PushOption.Args args = args(PicocliOptions.given(spec.commandLine().getParseResult(), PushOption.values()),
                spec.positionalParameters().getFirst().getValue());
        return push(args, ParentGlobals.of(spec.parent().userObject()));
    }

    /** The fast path ({@link Main}): errors printed and mapped to codes as picocli's execute() would. */
    static int fast(PlainArgs.Parsed parsed) {
        GlobalOptions global = GlobalOptions.of(parsed.options());
        try {
            return push(args(parsed.options(), parsed.positionals().getFirst()), global);
        } catch (Exception e) {
            return ExitCodes.reportVerbFailure(e, global.debug());
        }
    }

    private static PushOption.Args args(List<PlainArgs.Given> given, String name) {
        PushOption.Args args = new PushOption.Args();
        for (PlainArgs.Given g : given) {
            if (g.option() instanceof PushOption o) o.apply(args, g.value());
        }
        args.name = name;
        return args;
    }

    private static int push(PushOption.Args args, GlobalOptions global) {
        Console c = System.console();
        PullListener progress = args.quiet ? PullListener.QUIET
                : new PullProgressPrinter(System.out, c != null && c.isTerminal(), "Pushing");
        global.engine().images().push(args.name, args.allTags, args.insecureRegistries, null, progress);
        System.out.flush();
        return 0;
    }
}
