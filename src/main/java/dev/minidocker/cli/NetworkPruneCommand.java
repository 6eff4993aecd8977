package dev.minidocker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code network prune}: removes every network no running container uses (the default network's
 * bridge and NAT too; it comes back on the next run), leftovers of stores that are gone, and
 * restores ip_forward once no mini-docker bridge is left.
 */
@Command(name = "prune", description = "Remove all unused networks, bridges and NAT rules.")
public final class NetworkPruneCommand implements Callable<Integer> {
    @ParentCommand
    NetworkCommand parent;

    @Option(names = {"-f", "--force"}, description = "Do not prompt (there is no prompt; accepted for Docker compatibility).")
    boolean force;
    @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Provide filter values (until=, label=).")
    List<String> filters = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        List<String> removed = parent.networks().prune(dev.minidocker.engine.Filters.fromArgs(filters));
        if (!removed.isEmpty()) {
            System.out.println("Deleted Networks:");
            removed.forEach(System.out::println);
        }
        return 0;
    }
}
