package dev.minidocker.cli;

import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.daemon.DaemonClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker start CONTAINER...}: the daemon (started on demand) starts and then owns each
 * container, as for {@code run -d}; a running container is left alone.
 */
@Command(name = "start", description = "Start one or more stopped containers.")
public final class StartCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        RootPrivileges.require("start");
        ContainerService service = parent.global.engine().containers();
        DaemonClient daemon = DaemonClient.ensureRunning(parent.global.root());
        return StopCommand.forEach(containers,
                c -> daemon.call("POST", "/containers/" + service.resolve(c) + "/start", null));
    }
}
