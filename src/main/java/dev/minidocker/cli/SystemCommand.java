package dev.minidocker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code system}: the management verb of {@code system df} and {@code system prune}. */
@Command(name = "system", description = "Manage mini-docker.", subcommands = {SystemDfCommand.class, SystemPruneCommand.class})
public final class SystemCommand {
    @ParentCommand
    Main main;
}
