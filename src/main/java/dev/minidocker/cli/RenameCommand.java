package dev.minidocker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker rename CONTAINER NEW_NAME}: Docker's rename, through the container service. */
@Command(name = "rename", description = "Rename a container.")
public final class RenameCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name, id or unambiguous id prefix.")
    String container;
    @Parameters(index = "1", paramLabel = "NEW_NAME", description = "The new name.")
    String newName;

    @Override
    public Integer call() {
        parent.global.engine().containers().rename(container, newName);
        return 0;
    }
}
