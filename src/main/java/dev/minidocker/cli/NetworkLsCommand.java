package dev.minidocker.cli;

import dev.minidocker.engine.network.NetworkEntry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code network ls [-q]}: the default network (once used) and every user network. */
@Command(name = "ls", aliases = "list", description = "List networks.")
public final class NetworkLsCommand implements Callable<Integer> {
    @ParentCommand
    NetworkCommand parent;

    @Option(names = {"-q", "--quiet"}, description = "Only display network names.")
    boolean quiet;
    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", description = "Filter output (id, name, driver, type, label, dangling).")
    java.util.List<String> filters = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        TextTable t = new TextTable("NETWORK ID", "NAME", "DRIVER", "SUBNET", "BRIDGE");
        for (NetworkEntry n : parent.networks().list(dev.minidocker.engine.Filters.fromArgs(filters))) {
            if (quiet) System.out.println(n.name());
            else t.add(n.id().substring(0, 12), n.name(), n.driver(), n.subnet() == null ? "" : n.subnet(),
                    n.bridge() == null ? "" : n.bridge());
        }
        if (!quiet) System.out.print(t.render());
        return 0;
    }
}
