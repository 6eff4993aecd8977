package dev.minidocker.cli;

import dev.minidocker.engine.Filters;
import dev.minidocker.engine.image.ImageService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code image prune [-a] [-f] [--filter K=V]}, as docker's: removes the dangling images (with
 * {@code -a}, every image no container uses), the filters narrowing them (until=, label=,
 * label!=), then frees the layers and blobs no image refers to any more, such as those of a pull
 * that failed half-way (a full disk). Prints docker's report; asks first unless {@code -f}.
 */
@Command(name = "prune", description = "Remove dangling images (-a: all images no container uses) and the layers no image uses.")
public final class ImagePruneCommand implements Callable<Integer> {
    @ParentCommand
    ImageCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-a", "--all"}, description = "Remove all images no container uses, not just dangling ones.")
    boolean all;
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    boolean force;
    @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Provide filter values (until=, label=, label!=).")
    List<String> filters = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        String warning = all ? "WARNING! This will remove all images without at least one container associated to them."
                : "WARNING! This will remove all dangling images.";
        if (!force && !PruneReport.confirmed(warning)) return 0;
        List<String> given = new ArrayList<>(filters);
        if (all) given.add("dangling=false"); // what the docker CLI sends for -a
        ImageService images = parent.main.global.engine().images();
        List<String> removed = new ArrayList<>();
        for (String line : images.prune(Filters.fromArgs(given))) {
            // "Untagged: x" and "Deleted: sha256:..." as docker prints a prune's: "untagged: x"
            int colon = line.indexOf(':');
            removed.add(line.substring(0, colon).toLowerCase(Locale.ROOT) + line.substring(colon));
        }
        long freed = images.prune();
        StringBuilder out = new StringBuilder();
        PruneReport.section(out, "Deleted Images:", removed);
        out.append("Total reclaimed space: ").append(dev.minidocker.engine.HumanUnits.size(freed, 4)).append('\n');
        System.out.print(out);
        System.out.flush();
        return 0;
    }
}
