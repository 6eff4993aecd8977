package dev.minidocker.cli;

import dev.minidocker.JarFreshness;
import dev.minidocker.cli.options.GlobalOption;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.cli.options.BuildOption;
import dev.minidocker.cli.options.DaemonOption;
import dev.minidocker.cli.options.PullOption;
import dev.minidocker.cli.options.PushOption;
import dev.minidocker.cli.options.RunOption;
import java.util.OptionalInt;
import picocli.CommandLine.Command;

/**
 * The {@code mini-docker} command. Each verb is its own class; this one only wires them together
 * and owns the mapping from exceptions to Docker's exit codes (see {@link ExitCodes}).
 *
 * <p>The hot verbs ({@code run}, {@code run-command}, {@code pull}, {@code build}, {@code push}, and
 * {@code daemon}, which every on-demand start runs) are
 * parsed without picocli when their arguments are plain ({@link PlainArgs}, over the same option tables picocli's model
 * is built from). picocli builds the model of every registered command reflectively on each
 * start, which costs more than some whole verbs: so only the verb being invoked is registered; the
 * full tree is built only when it is needed (top-level help, {@code help}, an unknown verb). That
 * model is {@link Picocli}'s, in a class of its own: nothing of picocli is loaded on the fast paths
 * (the lean client of run included), not even for the verifier.
 */
@Command(name = "mini-docker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Docker-like container tool: pull images, run containers.")
public final class Main {
    /** Filled from the parse (see {@link Picocli}) before a verb runs. */
    final GlobalOptions global = new GlobalOptions();

    public static void main(String[] args) {
        // A jar older than the sources: the launcher runs again and builds first.
        OptionalInt rebuilt = JarFreshness.rerunIfStale(args, ExitCodes.TOOL_ERROR);
        if (rebuilt.isPresent()) Runtime.getRuntime().halt(rebuilt.getAsInt());
        prepare(true);
        int code = run(args);
        System.out.flush();
        System.err.flush();
        // A signal's shutdown is under way (the daemon's hook stopped it): System.exit waits for it
        // and the JVM ends as the signal says. Otherwise halt: no shutdown hook is left by now (a run
        // and a tty relay remove theirs when they end), and System.exit would first build the
        // System.Logger machinery to log Runtime.exit, which every command paid for.
        if (shuttingDown()) System.exit(code);
        Runtime.getRuntime().halt(code);
    }

    /**
     * What this JVM sets up before its verb: whether a foreground run may leave the daemon starting
     * (only the command itself, not a test calling {@link #run} nor an AOT training), and NIO's
     * provider named. The AOT trainings call it as {@link #main} does, so that their caches hold
     * what a command loads first (a class the cache lacks makes the JVM read the jar's index).
     */
    static void prepare(boolean isTheCommand) {
        if (!isTheCommand) JarFreshness.rehearse(); // main's first step, for the trainings' caches
        DaemonAutostart.enabled = isTheCommand;
        nameSelectorProvider();
    }

    /**
     * The first socket channel (a UNIX socket to the daemon, the daemon's own listener) looks up
     * NIO's SelectorProvider; without this property the JDK first searches the class path for a
     * service file, which in the shaded jar cost a warm `run` ~15 ms of its ~170. Linux's provider
     * is the JDK's EPoll one; the property is the JDK's documented override. Left alone when set,
     * or when this JDK has no such class.
     */
    static void nameSelectorProvider() {
        String property = "java.nio.channels.spi.SelectorProvider";
        String epoll = "sun.nio.ch.EPollSelectorProvider";
        if (System.getProperty(property) != null) return;
        try {
            Class.forName(epoll, false, ClassLoader.getPlatformClassLoader());
            System.setProperty(property, epoll);
        } catch (ClassNotFoundException notThisJdk) {
            // the service search finds the default
        }
    }

    /** Whether the JVM is exiting already (the AOT trainings ask too, as main does at its end). */
    static boolean shuttingDown() {
        Thread probe = new Thread();   // never started: only asks whether hooks may still be added
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
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
        PlainArgs.Parsed build = PlainArgs.parse(args, "build", BuildOption.values(), false);
        if (build != null && build.positionals().size() == 1) return BuildCommand.fast(build);
        PlainArgs.Parsed daemon = PlainArgs.parse(args, "daemon", DaemonOption.values(), false);
        if (daemon != null && daemon.positionals().isEmpty()) return DaemonCommand.fast(daemon);
        Integer pushed = RemotePush.attempt(args);   // through a running daemon, else in this process
        if (pushed != null) return pushed;
        PlainArgs.Parsed push = PlainArgs.parse(args, "push", PushOption.values(), false);
        if (push != null && push.positionals().size() == 1) return PushCommand.fast(push);
        return picocli(args);
    }

    private static int picocli(String[] args) {
        return Picocli.commandLine(verb(args)).execute(args);
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
