package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.daemon.ContainerAttach;
import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.engine.container.ContainerStatus;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker attach [--no-stdin] [--sig-proxy=false] [--detach-keys KEYS] CONTAINER}: this
 * terminal joined to a running container the daemon runs (see {@link ContainerAttach}); exits
 * with the container's code, or, as docker's, says "read escape sequence" and exits 1 when the
 * detach keys (ctrl-p ctrl-q) leave it running.
 */
@Command(name = "attach", description = "Attach local standard input, output, and error streams to a running container.")
public final class AttachCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = "--no-stdin", description = "Do not attach STDIN.")
    boolean noStdin;
    @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Proxy all received signals to the process (default true).")
    boolean sigProxy;
    @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container.")
    String detachKeys;

    @Parameters(paramLabel = "CONTAINER", arity = "1", description = "Name, id or unambiguous id prefix.")
    String container;

    @Override
    public Integer call() {
        RootPrivileges.require("attach");
        ContainerService containers = parent.global.engine().containers();
        String id = containers.resolve(container);
        requireAttachable(containers, id);
        DaemonClient daemon = DaemonClient.ensureRunning(parent.global.root()); // adopts it if its daemon died
        OptionalInt code = new ContainerAttach(daemon, containers, id).run(
                new ContainerAttach.Options(!noStdin, sigProxy, detachKeys), false, () -> {});
        if (code.isPresent()) return code.getAsInt();
        System.err.println("read escape sequence");
        return ExitCodes.VERB_FAILED;
    }

    /**
     * Docker's refusals, word for word: only a running, unpaused container has streams to join.
     * And one of ours: a foreground run's container writes to that run's terminal, not to the
     * daemon, so there is nothing to join.
     */
    static void requireAttachable(ContainerService containers, String id) {
        ContainerStatus status = containers.requireStatus(id);
        if (status.status().equals(ContainerStatus.PAUSED)) {
            throw new MiniDockerException("You cannot attach to a paused container, unpause it first");
        }
        if (!status.running()) throw new MiniDockerException("You cannot attach to a stopped container, start it first");
        if (!containers.streamSetup(id).daemonHasOutput()) {
            throw new MiniDockerException("container " + id.substring(0, 12) + " runs in the foreground of a mini-docker run,"
                    + " whose terminal has its streams: only containers started with run -d or start can be attached");
        }
    }
}
