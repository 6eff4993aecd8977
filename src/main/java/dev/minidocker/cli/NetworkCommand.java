package dev.minidocker.cli;

import dev.minidocker.engine.network.NetworkService;
import dev.minidocker.engine.RootPrivileges;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code network}: the management verb for bridge networks. */
@Command(name = "network", description = "Manage networks.",
        subcommands = {NetworkCreateCommand.class, NetworkLsCommand.class, NetworkRmCommand.class,
                NetworkInspectCommand.class, NetworkPruneCommand.class, NetworkConnectCommand.class,
                NetworkDisconnectCommand.class})
public final class NetworkCommand {
    @ParentCommand
    Main main;

    NetworkService networks() {
        RootPrivileges.require("network");
        return main.global.engine().networks();
    }
}
