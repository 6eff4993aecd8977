package dev.minidocker.cli;

import dev.minidocker.engine.Filters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker container prune [-f]}: removes every container that is not running. */
@Command(name = "prune", description = "Remove all stopped containers.")
public final class ContainerPruneCommand implements Callable<Integer> {
    @ParentCommand
    ContainerCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    boolean force;
    @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Provide filter values (until=, label=, label!=).")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!force && !PruneReport.confirmed("WARNING! This will remove all stopped containers.")) return 0;
        List<String> removed = parent.main.global.engine().containers().prune(Filters.fromArgs(filters));
        StringBuilder out = new StringBuilder();
        PruneReport.section(out, "Deleted Containers:", removed);
        out.append("Total reclaimed space: 0B\n");
        System.out.print(out);
        System.out.flush();
        return 0;
    }
}
