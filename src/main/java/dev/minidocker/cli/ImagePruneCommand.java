package dev.minidocker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code image prune}: frees the layers and blobs no image refers to, such as those of a pull that
 * failed half-way (a full disk), and prints what it reclaimed as docker does. Dangling images are
 * not removed yet; {@code -f} is accepted (there is no prompt).
 */
@Command(name = "prune", description = "Remove layers and blobs no image uses.")
public final class ImagePruneCommand implements Callable<Integer> {
    @ParentCommand
    ImageCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation (there is no prompt).")
    boolean force;

    @Override
    public Integer call() {
        long freed = parent.main.global.engine().images().prune();
        System.out.println("Total reclaimed space: " + dev.minidocker.engine.HumanUnits.size(freed, 4));
        return 0;
    }
}
