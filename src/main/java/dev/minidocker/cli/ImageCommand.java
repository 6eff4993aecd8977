package dev.minidocker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code image}: the management verb; {@code image inspect} lives under it ({@code image build} and {@code image push}: added by {@link Picocli}). */
@Command(name = "image", description = "Manage images.",
        subcommands = {ImageInspectCommand.class, ImagePruneCommand.class, TagCommand.class,
                ImportCommand.class, HistoryCommand.class})
public final class ImageCommand {
    @ParentCommand
    Main main;
}
