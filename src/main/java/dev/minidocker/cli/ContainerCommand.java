package dev.minidocker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code container}: the management verb; {@code container prune}, {@code container inspect} and others live under it. */
@Command(name = "container", description = "Manage containers.",
        subcommands = {ContainerPruneCommand.class, CommitCommand.class, ExportCommand.class, CpCommand.class, DiffCommand.class,
                PauseCommand.class, UnpauseCommand.class, UpdateCommand.class, InspectCommand.class})
public final class ContainerCommand {
    @ParentCommand
    Main main;
}
