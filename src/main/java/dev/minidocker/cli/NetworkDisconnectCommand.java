package dev.minidocker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code network disconnect [-f] NETWORK CONTAINER}: a running container loses its interface now. */
@Command(name = "disconnect", description = "Disconnect a container from a network.")
public final class NetworkDisconnectCommand implements Callable<Integer> {
    @ParentCommand
    NetworkCommand parent;

    @Option(names = {"-f", "--force"}, description = "Force the container to disconnect (a missing container is no error).")
    boolean force;
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;
    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        parent.networks().disconnect(network, container, force);
        return 0;
    }
}
