package dev.minidocker.cli;

import dev.minidocker.cli.options.GlobalOption;
import dev.minidocker.cli.options.PicocliOptions;
import dev.minidocker.cli.options.PlainArgs;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * picocli's model of mini-docker, for every command line the fast paths leave to it: the verbs,
 * the global options (from their table, inherited by every verb) and the exception handlers.
 */
final class Picocli {
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
            ALL.put("create", CreateCommand.class);
            ALL.put("ps", PsCommand.class);
            ALL.put("rm", RmCommand.class);
            ALL.put("exec", ExecCommand.class);
            ALL.put("logs", LogsCommand.class);
            ALL.put("start", StartCommand.class);
            ALL.put("attach", AttachCommand.class);
            ALL.put("restart", RestartCommand.class);
            ALL.put("stop", StopCommand.class);
            ALL.put("kill", KillCommand.class);
            ALL.put("wait", WaitCommand.class);
            ALL.put("inspect", InspectCommand.class);
            ALL.put("top", TopCommand.class);
            ALL.put("diff", DiffCommand.class);
            ALL.put("rename", RenameCommand.class);
            ALL.put("events", EventsCommand.class);
            ALL.put("pause", PauseCommand.class);
            ALL.put("unpause", UnpauseCommand.class);
            ALL.put("update", UpdateCommand.class);
            ALL.put("history", HistoryCommand.class);
            ALL.put("system", SystemCommand.class);
            ALL.put("info", InfoCommand.class);
            ALL.put("version", VersionCommand.class);
            ALL.put("stats", StatsCommand.class);
            ALL.put("container", ContainerCommand.class);
            ALL.put("daemon", DaemonCommand.class);
            ALL.put("port", PortCommand.class);
            ALL.put("network", NetworkCommand.class);
            ALL.put("volume", VolumeCommand.class);
            ALL.put("commit", CommitCommand.class);
            ALL.put("tag", TagCommand.class);
            ALL.put("push", PushCommand.class);
            ALL.put("export", ExportCommand.class);
            ALL.put("import", ImportCommand.class);
            ALL.put("cp", CpCommand.class);
            ALL.put("build", BuildCommand.class);
        }
    }

    private Picocli() {}

    /** Every verb's name ("help" first), for the help's own tests. */
    static java.util.Set<String> verbs() {
        return java.util.Collections.unmodifiableSet(Verbs.ALL.keySet());
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
        CommandLine image = cli.getSubcommands().get("image");
        if (image != null) { // models, or verbs whose own name is the top-level one
            image.addSubcommand("build", BuildCommand.spec());
            image.addSubcommand("push", PushCommand.spec());
            image.addSubcommand("ls", ImagesCommand.class, "list");
            image.addSubcommand("rm", RmiCommand.class, "remove");
        }
        CommandLine container = cli.getSubcommands().get("container");
        if (container != null) {
            container.addSubcommand("ls", PsCommand.class, "list", "ps");
            container.addSubcommand("rm", RmCommand.class, "remove");
        }
        addHelp(cli);
        cli.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        cli.setParameterExceptionHandler(ExitCodes::handleParameterException);
        cli.setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Through Object: passing a GlobalsFirst where picocli's interface is expected would make the
        // verifier load that interface whenever this class is linked, and an AOT cache links this class
        // at every start; picocli's classes are Java 5 bytecode, which a cache cannot hold, so every
        // command opened picocli's jar for it. A cast is checked only when it runs.
        cli.setExecutionStrategy((CommandLine.IExecutionStrategy) (Object) new GlobalsFirst(main));
        // run IMAGE ls -l: everything after the image belongs to the container's command (top CONTAINER -o pid: to ps).
        for (String name : new String[] {"run", "create", "run-command", "exec", "top"}) {
            CommandLine sub = cli.getSubcommands().get(name);
            if (sub != null) sub.setStopAtPositional(true);
        }
        return cli;
    }

    /** {@code --help} on every verb and sub-verb that does not declare it (-h is run's hostname: only the long form). */
    private static void addHelp(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().findOption("--help") == null) {
                sub.getCommandSpec().addOption(OptionSpec.builder("--help").usageHelp(true).description("Show this help.").build());
            }
            addHelp(sub);
        }
    }

    /** The verb's command: a class picocli inspects, or a model built from an option table. */
    private static Object command(String verb) {
        return switch (verb) {
            case "run" -> RunCommand.spec();
            case "create" -> CreateCommand.spec();
            case "pull" -> PullCommand.spec();
            case "build" -> BuildCommand.spec();
            case "push" -> PushCommand.spec();
            case "daemon" -> DaemonCommand.spec();
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
            fillGlobals(main.global, parsed);
            return new CommandLine.RunLast().execute(parsed);
        }
    }

    /** The global options, given before the verb or after it. */
    private static void fillGlobals(GlobalOptions global, CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (PlainArgs.Given g : PicocliOptions.given(p, GlobalOption.values())) global.set(g);
        }
    }
}
