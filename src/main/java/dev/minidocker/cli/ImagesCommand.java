package dev.minidocker.cli;

import dev.minidocker.engine.Filters;
import dev.minidocker.engine.image.ImageEntry;
import dev.minidocker.engine.HumanUnits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code images [-q] [--no-trunc] [--filter K=V] [--format F] [REPOSITORY[:TAG]]}: one row per tag
 * (untagged images as {@code <none>}), like {@code docker images} (also {@code image ls}); a
 * REPOSITORY[:TAG] is a {@code reference} filter, as the docker CLI sends it.
 */
@Command(name = "images", description = "List images.")
public final class ImagesCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;

    @Option(names = {"-a", "--all"}, description = "Show all images (there are no intermediate images to hide).")
    boolean all;

    @Option(names = "--no-trunc", description = "Don't truncate output: full image IDs.")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = "Filter output (dangling=, label=, label!=, reference=, before=, since=).")
    List<String> filters = new ArrayList<>();

    @Parameters(paramLabel = "REPOSITORY[:TAG]", arity = "0..1", description = "Only images of this repository (and tag).")
    String reference;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "A Go template per image ({{.Repository}} {{.Tag}} {{.ID}} {{.Size}} ...), 'table TEMPLATE', or 'json'.")
    String format;

    /** docker's default output. */
    static final String DEFAULT_FORMAT = "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}";
    /** The column titles of {@code images --format 'table ...'}, by docker's field names. */
    static final Map<String, String> FIELD_HEADERS = Map.of("ID", "IMAGE ID", "Repository", "REPOSITORY", "Tag", "TAG",
            "Digest", "DIGEST", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "Size", "SIZE",
            "VirtualSize", "SIZE", "Containers", "CONTAINERS");

    @Override
    public Integer call() {
        List<String> given = new ArrayList<>(filters);
        if (reference != null) given.add("reference=" + reference);
        List<ImageEntry> images = ParentGlobals.of(parent).engine().images().list(Filters.fromArgs(given));
        if (quiet) { // one id per row, as docker's: an image with two tags twice
            for (ImageEntry i : images) System.out.println(noTrunc ? i.id() : i.shortId());
            return 0;
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (ImageEntry i : images) rows.add(fields(i, noTrunc));
        System.out.print(ListFormat.render(format != null ? format : DEFAULT_FORMAT, rows, FIELD_HEADERS));
        return 0;
    }

    /** One image as {@code images} and {@code images --format} see it: docker's field names and texts. */
    static Map<String, String> fields(ImageEntry i, boolean noTrunc) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ID", noTrunc ? i.id() : i.shortId());
        f.put("Repository", i.repository() == null ? "<none>" : i.repository());
        f.put("Tag", i.tag() == null ? "<none>" : i.tag());
        f.put("Digest", "<none>");
        // an image dated 1970 (a reproducible build's) is "56 years ago", as the docker CLI says it
        f.put("CreatedSince", HumanUnits.ago(i.created()));
        f.put("CreatedAt", PsTable.CREATED_AT.format(i.created()));
        f.put("Size", HumanUnits.size(i.size()));
        f.put("VirtualSize", HumanUnits.size(i.size()));
        f.put("Containers", "N/A");
        return f;
    }
}
