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
     * JDK 25's AOT cache assembly crash.
     */
    private static final Map<String, Class<?>> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("help", CommandLine.HelpCommand.class);
        VERBS.put("pull", PullCommand.class);
        VERBS.put("images", ImagesCommand.class);
        VERBS.put("image", ImageCommand.class);
        VERBS.put("rmi", RmiCommand.class);
        VERBS.put("load", LoadCommand.class);
        VERBS.put("save", SaveCommand.class);
        VERBS.put("login", LoginCommand.class);
        VERBS.put("logout", LogoutCommand.class);
        VERBS.put("run", RunCommand.class);
        VERBS.put("run-command", RunCommandCommand.class);
        VERBS.put("ps", PsCommand.class);
        VERBS.put("rm", RmCommand.class);
        VERBS.put("exec", ExecCommand.class);
        VERBS.put("logs", LogsCommand.class);
        VERBS.put("start", StartCommand.class);
        VERBS.put("restart", RestartCommand.class);
        VERBS.put("stop", StopCommand.class);
        VERBS.put("kill", KillCommand.class);
        VERBS.put("wait", WaitCommand.class);
        VERBS.put("inspect", InspectCommand.class);
        VERBS.put("top", TopCommand.class);
        VERBS.put("stats", StatsCommand.class);
        VERBS.put("container", ContainerCommand.class);
        VERBS.put("daemon", DaemonCommand.class);
    }

    @CommandLine.Mixin
    GlobalOptions global;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one invocation and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        RunCommand fast = RunFastPath.parse(args);
        if (fast != null) return fast.callReportingErrors();
        PullCommand pull = PullFastPath.parse(args);
        if (pull != null) return pull.callReportingErrors();
        CommandLine cli = new CommandLine(new Main());
        String verb = verb(args);
        if (verb != null && !verb.equals("help") && VERBS.containsKey(verb)) {
            cli.addSubcommand(verb, VERBS.get(verb));
        } else {
            for (Map.Entry<String, Class<?>> v : VERBS.entrySet()) cli.addSubcommand(v.getKey(), v.getValue());
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
