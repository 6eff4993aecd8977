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
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "A Go template per step ({{.ID}} {{.CreatedSince}} {{.CreatedAt}} {{.CreatedBy}} {{.Size}} {{.Comment}}), 'table TEMPLATE', or 'json'.")
    String format;
    @Parameters(paramLabel = "IMAGE", arity = "1")
    String image;

    /** docker's default output. */
    static final String DEFAULT_FORMAT = "table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}";
    /** The column titles of {@code history --format 'table ...'}, by docker's field names. */
    static final java.util.Map<String, String> FIELD_HEADERS = java.util.Map.of("ID", "IMAGE", "CreatedSince", "CREATED",
            "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");

    @Override
    public Integer call() {
        java.util.List<java.util.Map<String, String>> rows = new java.util.ArrayList<>();
        for (ImageService.HistoryEntry h : ParentGlobals.of(parent).engine().images().history(image)) rows.add(fields(h));
        if (quiet) {
            for (java.util.Map<String, String> r : rows) System.out.println(r.get("ID"));
        } else {
            System.out.print(ListFormat.render(format != null ? format : DEFAULT_FORMAT, rows, FIELD_HEADERS));
        }
        System.out.flush();
        return 0;
    }

    /** One step as {@code history} and {@code history --format} see it: docker's field names and texts. */
    private java.util.Map<String, String> fields(ImageService.HistoryEntry h) {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("ID", h.id().startsWith("sha256:") && !noTrunc ? h.id().substring(7, 19) : h.id());
        f.put("CreatedSince", h.created().equals(Instant.EPOCH) ? "N/A" : HumanUnits.ago(h.created()));
        f.put("CreatedAt", java.time.format.DateTimeFormatter.ISO_INSTANT.format(h.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        String by = h.createdBy().replace("\t", " ");
        f.put("CreatedBy", !noTrunc && by.length() > CREATED_BY_WIDTH ? by.substring(0, CREATED_BY_WIDTH - 1) + "…" : by);
        f.put("Size", HumanUnits.size(h.size()));
        f.put("Comment", h.comment());
        return f;
    }
}
