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
 * {@code mini-docker stop [-t N] CONTAINER...}: the container's stop signal (--stop-signal, the
 * image's, or SIGTERM), SIGKILL after N seconds (default: its --stop-timeout, else 10). Only signals, so it needs no daemon; the restart policy leaves it stopped.
 */
@Command(name = "stop", description = "Stop one or more running containers.")
public final class StopCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-t", "--time", "--timeout"}, paramLabel = "SECONDS",
            description = "Seconds to wait before killing the container (default: its --stop-timeout, else 10; -1 waits forever).")
    Integer timeout;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        ContainerService service = parent.global.engine().containers();
        return ExitCodes.forEachInParallel(containers, c -> {
            service.stop(c, timeout);
            return List.of(c);
        });
    }

    /** Docker's multi-container verbs: each done container's name as given, see {@link ExitCodes#forEach}. */
    static int forEach(List<String> names, java.util.function.Consumer<String> action) {
        return ExitCodes.forEach(names, c -> {
            action.accept(c);
            return List.of(c);
        });
    }
}
