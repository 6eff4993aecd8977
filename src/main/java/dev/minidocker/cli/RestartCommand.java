package dev.minidocker.cli;

import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.daemon.DaemonClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker restart [-t N] CONTAINER...}: stop (SIGKILL after N s), then start, by the daemon. */
@Command(name = "restart", description = "Restart one or more containers.")
public final class RestartCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-t", "--time", "--timeout"}, paramLabel = "SECONDS",
            description = "Seconds to wait for stop before killing the container (default: its --stop-timeout, else 10).")
    Integer timeout;
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        RootPrivileges.require("restart");
        ContainerService service = parent.global.engine().containers();
        DaemonClient daemon = DaemonClient.ensureRunning(parent.global.root());
        return StopCommand.forEach(containers,
                c -> daemon.call("POST", "/containers/" + service.resolve(c) + "/restart" + (timeout == null ? "" : "?t=" + timeout), null));
    }
}
