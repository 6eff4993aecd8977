package dev.minidocker.cli;

import dev.minidocker.cli.options.GlobalOption;
import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.PullOption;
import dev.minidocker.cli.options.RunOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * The {@code mini-docker} command. Each verb is its own class; this one only wires them together
 * and owns the mapping from exceptions to Docker's exit codes (see {@link ExitCodes}).
 *
 * <p>The hot verbs ({@code run}, {@code run-command}, {@code pull}) are parsed without picocli
 * when their arguments are plain ({@link PlainArgs}, over the same option tables picocli's model
 * is built from). picocli builds the model of every registered command reflectively on each
 * start, which costs more than some whole verbs: so only the verb being invoked is registered; the
 * full tree is built only when it is needed (top-level help, {@code help}, an unknown verb).
 */
@Command(name = "mini-docker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Docker-like container tool: pull images, run containers.")
public final class Main {
    /**
     * Every verb, in the order the help lists them. Classes, not constructor references: a lambda
     * that targets a picocli class (class file version 49, which the AOT cache cannot hold) makes
     * JDK 25's AOT cache assembly crash. In a holder, so that the fast paths never load picocli.
     */
    private static final class Verbs {
        static final Map<String, Class<?>> ALL = new LinkedHashMap<>();

        static {
            ALL.put("help", CommandLine.HelpCommand.class);
            ALL.put("pull", PullCommand.class);
            ALL.put("images", ImagesCommand.class);
            ALL.put("image", ImageCommand.class);
            ALL.put("rmi", RmiCommand.class);
            ALL.put("load", LoadCommand.class);
            ALL.put("save", SaveCommand.class);
            ALL.put("login", LoginCommand.class);
            ALL.put("logout", LogoutCommand.class);
            ALL.put("run", RunCommand.class);
            ALL.put("run-command", RunCommandCommand.class);
            ALL.put("ps", PsCommand.class);
            ALL.put("rm", RmCommand.class);
            ALL.put("exec", ExecCommand.class);
            ALL.put("logs", LogsCommand.class);
            ALL.put("start", StartCommand.class);
            ALL.put("restart", RestartCommand.class);
            ALL.put("stop", StopCommand.class);
            ALL.put("kill", KillCommand.class);
            ALL.put("wait", WaitCommand.class);
            ALL.put("inspect", InspectCommand.class);
            ALL.put("top", TopCommand.class);
            ALL.put("stats", StatsCommand.class);
            ALL.put("container", ContainerCommand.class);
            ALL.put("daemon", DaemonCommand.class);
            ALL.put("port", PortCommand.class);
            ALL.put("network", NetworkCommand.class);
        }
    }

    /** Filled from the parse (see {@link #fillGlobals}) before a verb runs. */
    final GlobalOptions global = new GlobalOptions();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one invocation and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        PlainArgs.Parsed run = PlainArgs.parse(args, "run", RunOption.values(), true);
        if (run != null) return RunCommand.fast(run);
        PlainArgs.Parsed runCommand = PlainArgs.parse(args, "run-command", new RunOption[0], true);
        if (runCommand != null && !runCommand.positionals().isEmpty()) {
            Integer remote = RunCommandCommand.remote(runCommand); // else picocli runs it here
            if (remote != null) return remote;
        }
        PlainArgs.Parsed pull = PlainArgs.parse(args, "pull", PullOption.values(), false);
        if (pull != null && pull.positionals().size() == 1) return PullCommand.fast(pull);
        return picocli(args);
    }

    private static int picocli(String[] args) {
        return commandLine(verb(args)).execute(args);
    }

    /**
     * picocli's model of mini-docker with {@code verb} registered (all verbs when it is null, "help"
     * or unknown), the global options inherited by every verb, and the exception handlers.
     */
    static CommandLine commandLine(String verb) {
        Main main = new Main();
        CommandLine cli = new CommandLine(main);
        for (GlobalOption o : GlobalOption.values()) {
            OptionSpec.Builder b = PicocliOptions.option(o).scopeType(ScopeType.INHERIT);
            cli.getCommandSpec().addOption(b.build());
        }
        if (verb != null && !verb.equals("help") && Verbs.ALL.containsKey(verb)) {
            cli.addSubcommand(verb, command(verb));
        } else {
            for (String v : Verbs.ALL.keySet()) cli.addSubcommand(v, command(v));
        }
        cli.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        cli.setParameterExceptionHandler(ExitCodes::handleParameterException);
        cli.setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(new GlobalsFirst(main));
        // run IMAGE ls -l: everything after the image belongs to the container's command.
        for (String name : new String[] {"run", "run-command", "exec"}) {
            CommandLine sub = cli.getSubcommands().get(name);
            if (sub != null) sub.setStopAtPositional(true);
        }
        return cli;
    }

    /** The verb's command: a class picocli inspects, or a model built from an option table. */
    private static Object command(String verb) {
        return switch (verb) {
            case "run" -> RunCommand.spec();
            case "pull" -> PullCommand.spec();
            default -> Verbs.ALL.get(verb);
        };
    }

    /** Fills the global options in, then runs the verb as picocli's default strategy does. */
    private static final class GlobalsFirst implements CommandLine.IExecutionStrategy {
        private final Main main;

        GlobalsFirst(Main main) {
            this.main = main;
        }

        @Override
        public int execute(CommandLine.ParseResult parsed) {
            main.fillGlobals(parsed);
            return new CommandLine.RunLast().execute(parsed);
        }
    }

    /** The global options, given before the verb or after it. */
    private void fillGlobals(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (PlainArgs.Given g : PicocliOptions.given(p, GlobalOption.values())) global.set(g);
        }
    }

    /** The first argument that is not a global option (or its value); null if there is none. */
    static String verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            GlobalOption o = GlobalOption.named(a);
            if (o != null) {
                if (!o.isFlag()) i++; // its value
            } else if (a.equals("--")) {
                return null;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }
}
