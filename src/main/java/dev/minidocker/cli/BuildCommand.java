package dev.minidocker.cli;

import dev.minidocker.cli.options.BuildOption;
import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.build.BuildOutput;
import dev.minidocker.engine.build.BuildRequest;
import dev.minidocker.engine.build.BuildStepFailedException;
import dev.minidocker.engine.build.ImageBuilder;
import dev.minidocker.engine.build.TarContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code build}: a Dockerfile into an image, with the classic builder's output. Its options are
 * {@link BuildOption}'s table, read by the fast path ({@link #fast}: a cached rebuild is mostly
 * start-up, and picocli's model costs a good part of it) and by picocli's model ({@link #spec})
 * alike (help, {@code image build}, anything the fast path does not take).
 */
public final class BuildCommand implements Callable<Integer> {
    private CommandSpec spec;

    private BuildCommand() {}

    static CommandSpec spec() {
        BuildCommand command = new BuildCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("build");
        spec.usageMessage().description("Build an image from a Dockerfile.");
        PicocliOptions.add(spec, BuildOption.values());
        spec.addOption(OptionSpec.builder("--help").usageHelp(true).description("Show this help.").build());
        spec.addPositional(PositionalParamSpec.builder().paramLabel("PATH | -").index("0").arity("1").required(true)
                .type(String.class).build());
        command.spec = spec;
        return spec;
    }

    @Override
    public Integer call() {
        BuildOption.Args args = args(PicocliOptions.given(spec.commandLine().getParseResult(), BuildOption.values()),
                spec.positionalParameters().getFirst().getValue());
        return run(args, ParentGlobals.of(spec.parent().userObject()));
    }

    /** The fast path ({@link Main}). */
    static int fast(PlainArgs.Parsed parsed) {
        return run(args(parsed.options(), parsed.positionals().getFirst()), GlobalOptions.of(parsed.options()));
    }

    /** Builds; a failure is printed and exits as docker build's: a RUN's own exit code, else 1. */
    private static int run(BuildOption.Args args, GlobalOptions global) {
        try {
            return build(args, global.engine());
        } catch (Exception e) {
            int code = ExitCodes.reportVerbFailure(e, global.debug());
            return e instanceof BuildStepFailedException f ? f.exitCode() : code;
        }
    }

    private static BuildOption.Args args(List<PlainArgs.Given> given, String context) {
        BuildOption.Args args = new BuildOption.Args();
        for (PlainArgs.Given g : given) {
            if (g.option() instanceof BuildOption o) o.apply(args, g.value());
        }
        args.context = context;
        return args;
    }

    private static int build(BuildOption.Args a, Engine engine) {
        Map<String, String> buildArgs = new LinkedHashMap<>();
        for (String arg : a.buildArgs) {
            int eq = arg.indexOf('=');
            if (eq < 0) buildArgs.put(arg, System.getenv(arg)); else buildArgs.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String l : a.labels) {
            int eq = l.indexOf('=');
            labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        Path cwd = Path.of("").toAbsolutePath();
        String dockerfile = a.file == null ? null : cwd.resolve(a.file).toString();
        PrintStream stdout = System.out;
        BuildOutput out = a.quiet ? text -> { } : text -> {
            stdout.print(text);
            stdout.flush();
        };
        String id;
        if (a.context.equals("-")) {
            try (TarContext tar = TarContext.extract(System.in, engine.imageStore())) {
                id = new ImageBuilder(engine).build(new BuildRequest(tar.dir(), dockerfile, a.tags, buildArgs, a.target,
                        a.noCache, a.pull, a.network, a.platform, labels, Map.of()), out);
            }
        } else {
            id = new ImageBuilder(engine).build(new BuildRequest(cwd.resolve(a.context), dockerfile, a.tags, buildArgs,
                    a.target, a.noCache, a.pull, a.network, a.platform, labels, Map.of()), out);
        }
        if (a.quiet) stdout.println(id);
        return 0;
    }
}
