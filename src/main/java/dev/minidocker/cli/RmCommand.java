package dev.minidocker.cli;

import dev.minidocker.engine.container.ContainerService;
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
    Object parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (kills it).")
    boolean force;
    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container.")
    boolean volumes;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        ContainerService service = ParentGlobals.of(parent).engine().containers();
        return StopCommand.forEach(containers, c -> service.remove(c, force, volumes));
    }
}
