package dev.minidocker.cli;

import dev.minidocker.engine.HumanUnits;
import dev.minidocker.engine.image.ImageService;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code history} and {@code image history}: the steps that made an image, newest first, as docker prints them. */
@Command(name = "history", description = "Show the history of an image.")
public final class HistoryCommand implements Callable<Integer> {
    private static final int CREATED_BY_WIDTH = 45;

    @ParentCommand
    Object parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = "--no-trunc", description = "Don't truncate output.")
    boolean noTrunc;
    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;
    @Parameters(paramLabel = "IMAGE", arity = "1")
    String image;

    @Override
    public Integer call() {
        var history = ParentGlobals.of(parent).engine().images().history(image);
        TextTable table = new TextTable("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        for (ImageService.HistoryEntry h : history) {
            String id = h.id().startsWith("sha256:") && !noTrunc ? h.id().substring(7, 19) : h.id();
            if (quiet) {
                System.out.println(id);
                continue;
            }
            String by = h.createdBy().replace("\t", " ");
            if (!noTrunc && by.length() > CREATED_BY_WIDTH) by = by.substring(0, CREATED_BY_WIDTH - 1) + "…";
            table.add(id, h.created().equals(Instant.EPOCH) ? "N/A" : HumanUnits.ago(h.created()), by,
                    HumanUnits.size(h.size()), h.comment());
        }
        if (!quiet) System.out.print(table.render());
        System.out.flush();
        return 0;
    }
}
