package dev.minidocker.cli;

import dev.minidocker.engine.Engine;
import dev.minidocker.engine.Filters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code system prune [-f] [--filter K=V]}: what {@code container prune}, {@code network prune} and
 * {@code image prune} remove, in that order and in one go, with docker's prompt and report.
 */
@Command(name = "prune", description = "Remove stopped containers, unused networks, and layers and blobs no image uses.")
public final class SystemPruneCommand implements Callable<Integer> {
    @ParentCommand
    SystemCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    boolean force;
    @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Provide filter values (until=, label=) for containers and networks.")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!force && !PruneReport.confirmed("WARNING! This will remove:\n  - all stopped containers\n"
                + "  - all networks not used by at least one container\n  - all layers and blobs no image uses\n")) {
            return 0;
        }
        Engine engine = parent.main.global.engine();
        Filters given = Filters.fromArgs(filters);
        List<String> containers = engine.containers().prune(given);
        List<String> networks = engine.networks().prune(given);
        long freed = engine.images().prune();
        StringBuilder out = new StringBuilder();
        PruneReport.section(out, "Deleted Containers:", containers);
        PruneReport.section(out, "Deleted Networks:", networks);
        out.append("Total reclaimed space: ").append(dev.minidocker.engine.HumanUnits.size(freed, 4)).append('\n');
        System.out.print(out);
        System.out.flush();
        return 0;
    }
}
