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
        System.out.println("Total reclaimed space: " + human(freed));
        return 0;
    }

    /** docker's units (go-units HumanSize: powers of 1000, up to 4 significant digits). */
    static String human(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString() + units[u];
    }
}
