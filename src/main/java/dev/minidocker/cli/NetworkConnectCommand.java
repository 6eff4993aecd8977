package dev.minidocker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code network connect [--alias A]... NETWORK CONTAINER}: a created container joins at its next
 * start, a running one now. Run in this process, it does not reach a daemon's DNS server: a
 * running container's names on its new network resolve when the daemon connects it (the Engine
 * API, docker, compose) or after its next start.
 */
@Command(name = "connect", description = "Connect a container to a network.")
public final class NetworkConnectCommand implements Callable<Integer> {
    @ParentCommand
    NetworkCommand parent;

    @Option(names = "--alias", paramLabel = "NAME", description = "Add a network-scoped alias for the container.")
    List<String> aliases = new ArrayList<>();
    @Option(names = "--ip", paramLabel = "IP", description = "IPv4 address (not supported yet).")
    String ip;
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;
    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    public Integer call() {
        parent.networks().connect(network, container, aliases, ip);
        return 0;
    }
}
