package dev.minidocker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mini-docker} command. Each verb is its own class; this one only wires them together
 * and owns the mapping from exceptions to Docker's exit codes (see {@link ExitCodes}).
 */
@Command(name = "mini-docker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A Docker-like container tool: pull images, run containers.",
        subcommands = {
                CommandLine.HelpCommand.class,
                PullCommand.class,
                ImagesCommand.class,
                ImageCommand.class,
                RmiCommand.class,
                LoadCommand.class,
                SaveCommand.class,
                LoginCommand.class,
                LogoutCommand.class,
                RunCommand.class,
                RunCommandCommand.class,
                PsCommand.class,
                RmCommand.class,
        })
public final class Main {
    @CommandLine.Mixin
    GlobalOptions global;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one invocation and returns its exit code (tests call this directly). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        cli.setParameterExceptionHandler(ExitCodes::handleParameterException);
        cli.setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // run IMAGE ls -l: everything after the image belongs to the container's command.
        cli.getSubcommands().get("run").setStopAtPositional(true);
        cli.getSubcommands().get("run-command").setStopAtPositional(true);
        return cli.execute(args);
    }
}
