package dev.minidocker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code image}: the management verb; {@code image inspect} lives under it. */
@Command(name = "image", description = "Manage images.",
        subcommands = {ImageInspectCommand.class, ImagePruneCommand.class, TagCommand.class, PushCommand.class,
                ImportCommand.class, BuildCommand.class, HistoryCommand.class})
public final class ImageCommand {
    @ParentCommand
    Main main;
}
