package dev.minidocker.cli;

import dev.minidocker.runtime.container.ContainerRemove;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker rm [-f] CONTAINER...}. Like docker, it goes on after a failure, prints each
 * removed name as given, reports each failure on its own line and then exits 1.
 */
@Command(name = "rm", description = "Remove one or more containers.")
public final class RmCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (kills it).")
    boolean force;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        ContainerRemove remover = Backends.create(parent.global.root()).remover();
        return StopCommand.forEach(containers, c -> remover.remove(c, force));
    }
}
