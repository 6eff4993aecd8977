package dev.minidocker.cli;

import dev.minidocker.network.NetworkManager;
import dev.minidocker.network.NetworkStore;
import dev.minidocker.state.ContainerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code network}: the management verb for bridge networks. */
@Command(name = "network", description = "Manage networks.",
        subcommands = {NetworkCreateCommand.class, NetworkLsCommand.class, NetworkRmCommand.class,
                NetworkInspectCommand.class, NetworkPruneCommand.class})
public final class NetworkCommand {
    @ParentCommand
    Main main;

    NetworkManager manager() {
        RootPrivileges.require("network");
        java.nio.file.Path root = main.global.root();
        return new NetworkManager(new NetworkStore(root), new ContainerStore(root));
    }
}
