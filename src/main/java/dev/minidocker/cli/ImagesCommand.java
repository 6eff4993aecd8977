package dev.minidocker.cli;

import dev.minidocker.engine.image.ImageEntry;
import dev.minidocker.engine.HumanUnits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code images [-q] [--format F]}: one row per tag (untagged images as {@code <none>}), like
 * {@code docker images} (also {@code image ls}).
 */
@Command(name = "images", description = "List images.")
public final class ImagesCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;

    @Option(names = {"-a", "--all"}, description = "Show all images (there are no intermediate images to hide).")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "A Go template per image ({{.Repository}} {{.Tag}} {{.ID}} {{.Size}} ...), 'table TEMPLATE', or 'json'.")
    String format;

    /** The fields of docker's default table, in its order. */
    private static final List<String> COLUMNS = List.of("Repository", "Tag", "ID", "CreatedSince", "Size");
    /** The column titles of {@code images --format 'table ...'}, by docker's field names. */
    static final Map<String, String> FIELD_HEADERS = Map.of("ID", "IMAGE ID", "Repository", "REPOSITORY", "Tag", "TAG",
            "Digest", "DIGEST", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "Size", "SIZE",
            "VirtualSize", "SIZE", "Containers", "CONTAINERS");

    @Override
    public Integer call() {
        List<ImageEntry> images = ParentGlobals.of(parent).engine().images().list();
        if (format != null && !quiet) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (ImageEntry i : images) rows.add(fields(i));
            System.out.print(ListFormat.render(format, rows, FIELD_HEADERS));
            return 0;
        }
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            for (ImageEntry i : images) ids.add(i.shortId());
            ids.forEach(System.out::println);
            return 0;
        }
        // docker's default: table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}
        TextTable t = new TextTable(COLUMNS.stream().map(FIELD_HEADERS::get).toArray(String[]::new));
        for (ImageEntry i : images) {
            Map<String, String> f = fields(i);
            t.add(COLUMNS.stream().map(f::get).toArray(String[]::new));
        }
        System.out.print(t.render());
        return 0;
    }

    /** One image as {@code images} and {@code images --format} see it: docker's field names and texts. */
    static Map<String, String> fields(ImageEntry i) {
        boolean dated = !i.created().equals(java.time.Instant.EPOCH);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ID", i.shortId());
        f.put("Repository", i.repository() == null ? "<none>" : i.repository());
        f.put("Tag", i.tag() == null ? "<none>" : i.tag());
        f.put("Digest", "<none>");
        f.put("CreatedSince", dated ? HumanUnits.ago(i.created()) : "N/A");
        f.put("CreatedAt", dated ? PsTable.CREATED_AT.format(i.created()) : "N/A");
        f.put("Size", HumanUnits.size(i.size()));
        f.put("VirtualSize", HumanUnits.size(i.size()));
        f.put("Containers", "N/A");
        return f;
    }
}
