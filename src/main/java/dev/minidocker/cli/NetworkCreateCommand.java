package dev.minidocker.cli;

import dev.minidocker.engine.network.NetworkEntry;
import dev.minidocker.MiniDockerException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code network create [--subnet CIDR] NAME}: prints the new network's id. */
@Command(name = "create", description = "Create a bridge network.")
public final class NetworkCreateCommand implements Callable<Integer> {
    @ParentCommand
    NetworkCommand parent;

    @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", description = "Only bridge is supported.")
    String driver = "bridge";
    @Option(names = "--subnet", paramLabel = "CIDR", description = "IPv4 subnet (default: a free 10.213.N.0/24).")
    String subnet;
    @Option(names = "--internal", description = "Restrict external access to the network.")
    boolean internal;
    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set metadata on a network.")
    java.util.List<String> labels = new java.util.ArrayList<>();
    @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "Driver options (kept and shown by inspect).")
    java.util.List<String> opts = new java.util.ArrayList<>();
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        if (!driver.equals("bridge")) throw new MiniDockerException("network driver " + driver + " is not supported: only bridge");
        NetworkEntry n = parent.networks().create(name, subnet, VolumeCommand.pairs(opts), VolumeCommand.pairs(labels), internal);
        System.out.println(n.id());
        return 0;
    }
}
