package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.daemon.ContainerAttach;
import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.container.ContainerService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker start [-a] [-i] CONTAINER...}: the daemon (started on demand) starts and then
 * owns each container, as for {@code run -d}; a running container is left alone. With -a (or -i)
 * this terminal is attached first and the exit code is the container's, as docker start -a.
 */
@Command(name = "start", description = "Start one or more stopped containers.")
public final class StartCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals.")
    boolean attach;
    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN.")
    boolean interactive;
    @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container.")
    String detachKeys;
    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() {
        RootPrivileges.require("start");
        ContainerService service = parent.global.engine().containers();
        DaemonClient daemon = DaemonClient.ensureRunning(parent.global.root());
        if (attach || interactive) {
            if (containers.size() > 1) throw new MiniDockerException("you cannot start and attach multiple containers at once");
            return startAttached(service, daemon, service.resolve(containers.getFirst()));
        }
        return StopCommand.forEach(containers,
                c -> daemon.call("POST", "/containers/" + service.resolve(c) + "/start", null));
    }

    /**
     * Attached before it starts (nothing of its output is missed); a running one is only attached.
     * The detach keys leave it running and exit 0, as docker start -a.
     */
    private int startAttached(ContainerService service, DaemonClient daemon, String id) {
        boolean running = service.isRunning(id);
        if (running) AttachCommand.requireAttachable(service, id);
        return new ContainerAttach(daemon, service, id).run(new ContainerAttach.Options(interactive, true, detachKeys),
                !running, () -> {
                    if (!running) daemon.call("POST", "/containers/" + id + "/start", null);
                }).orElse(0);
    }
}
