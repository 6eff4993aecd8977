package dev.minidocker.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mini-docker} command. Each verb is its own class; this one only wires them together
 * and owns the mapping from exceptions to Docker's exit codes (see {@link ExitCodes}).
 *
 * <p>picocli builds the model of every registered command reflectively on each start, which costs
 * more than some whole verbs. So only the verb being invoked is registered; the full tree is built
 * only when it is needed (top-level help, {@code help}, an unknown or missing verb).
 */
@Command(name = "mini-docker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Docker-like container tool: pull images, run containers.")
public final class Main {
    /**
     * Every verb, in the order the help lists them. Classes, not constructor references: a lambda
     * that targets a picocli class (class file version 49, which the AOT cache cannot hold) makes
     * JDK 25's AOT cache assembly crash. In a holder, so that {@code run}'s picocli-free path
     * ({@link RunFastPath}) never loads picocli.
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

    @CommandLine.Mixin
    GlobalOptions global;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one invocation and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        RunCommand fast = RunFastPath.parse(args);
        if (fast != null) {
            if (!fast.detach && !fast.tty) {
                Integer code = RemoteRun.attempt(fast.parent.global.rootPath(), "run", afterVerb(args));
                if (code != null) return code;
            }
            return fast.callReportingErrors();
        }
        Integer remote = remoteRunCommand(args);
        if (remote != null) return remote;
        PullCommand pull = PullFastPath.parse(args);
        if (pull != null) return pull.callReportingErrors();
        CommandLine cli = new CommandLine(new Main());
        String verb = verb(args);
        if (verb != null && !verb.equals("help") && Verbs.ALL.containsKey(verb)) {
            cli.addSubcommand(verb, Verbs.ALL.get(verb));
        } else {
            for (Map.Entry<String, Class<?>> v : Verbs.ALL.entrySet()) cli.addSubcommand(v.getKey(), v.getValue());
        }
        cli.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        cli.setParameterExceptionHandler(ExitCodes::handleParameterException);
        cli.setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // run IMAGE ls -l: everything after the image belongs to the container's command.
        for (String name : new String[] {"run", "run-command", "exec"}) {
            CommandLine sub = cli.getSubcommands().get(name);
            if (sub != null) sub.setStopAtPositional(true);
        }
        return cli.execute(args);
    }

    /** {@code run-command CMD...} in the daemon, if one answers (see {@link RemoteRun}); else null. */
    private static Integer remoteRunCommand(String[] args) {
        if (!"run-command".equals(verb(args))) return null;
        PlainArgs.Parsed parsed = PlainArgs.parse(args, RUN_COMMAND);
        if (parsed == null || parsed.positionals().isEmpty()) return null; // --help, or picocli's error
        GlobalOptions global = new GlobalOptions();
        for (PlainArgs.Option o : parsed.options()) {
            if (o.name().equals("--root")) global.root = java.nio.file.Path.of(o.value());
        }
        return RemoteRun.attempt(global.rootPath(), "run-command", parsed.positionals());
    }

    private static final PlainArgs.Verb RUN_COMMAND = new PlainArgs.Verb("run-command", Map.of(),
            java.util.Set.of(), java.util.Set.of(), true);

    /** The arguments after the verb (global options given after it included). */
    static java.util.List<String> afterVerb(String[] args) {
        String verb = verb(args);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--root")) i++;
            else if (args[i].equals(verb)) return java.util.List.of(args).subList(i + 1, args.length);
        }
        return java.util.List.of();
    }

    /** The first argument that is not a global option (or its value); null if there is none. */
    static String verb(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root")) {
                i++; // its value
            } else if (a.equals("--")) {
                return null;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }
}
