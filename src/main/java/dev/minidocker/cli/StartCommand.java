package dev.minidocker.cli;

import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.state.ContainerStore;
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
        ContainerStore store = new ContainerStore(parent.global.root());
        DaemonClient daemon = DaemonClient.ensureRunning(parent.global.root());
        return StopCommand.forEach(containers,
                c -> daemon.call("POST", "/containers/" + store.resolve(c) + "/start", null));
    }
}
