package dev.minidocker.cli;

import dev.minidocker.engine.DiskUsage;
import dev.minidocker.engine.HumanUnits;
import dev.minidocker.engine.image.ImageService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code system df}: docker's summary of disk use. Images: all layers once; reclaimable is what
 * the images no container uses take beyond what they share. Containers: their writable layers,
 * reclaimable those of stopped ones. Volumes: reclaimable those no container uses.
 */
@Command(name = "df", description = "Show mini-docker disk usage.")
public final class SystemDfCommand implements Callable<Integer> {
    @ParentCommand
    SystemCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "A Go template per row ({{.Type}} {{.TotalCount}} {{.Active}} {{.Size}} {{.Reclaimable}}), 'table TEMPLATE', or 'json'.")
    String format;

    /** The column titles of {@code system df --format 'table ...'}, by docker's field names. */
    static final java.util.Map<String, String> FIELD_HEADERS = java.util.Map.of("Type", "TYPE", "TotalCount", "TOTAL",
            "Active", "ACTIVE", "Size", "SIZE", "Reclaimable", "RECLAIMABLE");
    /** docker's default output. */
    static final String DEFAULT_FORMAT = "table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}";

    @Override
    public Integer call() {
        DiskUsage du = parent.main.global.engine().diskUsage();
        long imagesUsed = 0;
        int imagesActive = 0;
        for (ImageService.ImageUsage i : du.images().images()) {
            if (du.containersByImage().getOrDefault(i.id(), 0) == 0) continue;
            imagesActive++;
            imagesUsed += i.size() - i.sharedSize();
        }
        long layers = du.images().layersSize();
        long containersSize = 0, containersIdle = 0;
        int containersActive = 0;
        for (DiskUsage.ContainerUsage c : du.containers()) {
            containersSize += c.sizeRw();
            if (c.container().status().running()) containersActive++;
            else containersIdle += c.sizeRw();
        }
        long volumesSize = 0, volumesIdle = 0;
        int volumesActive = 0;
        for (DiskUsage.VolumeUsage v : du.volumes()) {
            volumesSize += v.size();
            if (v.refCount() > 0) volumesActive++;
            else volumesIdle += v.size();
        }
        java.util.List<java.util.Map<String, String>> rows = java.util.List.of(
                row("Images", du.images().images().size(), imagesActive, HumanUnits.size(layers),
                        reclaimable(Math.max(0, layers - imagesUsed), layers)),
                row("Containers", du.containers().size(), containersActive, HumanUnits.size(containersSize),
                        reclaimable(containersIdle, containersSize)),
                row("Local Volumes", du.volumes().size(), volumesActive, HumanUnits.size(volumesSize),
                        reclaimable(volumesIdle, volumesSize)),
                row("Build Cache", 0, 0, "0B", "0B"));
        System.out.print(ListFormat.render(format != null ? format : DEFAULT_FORMAT, rows, FIELD_HEADERS));
        System.out.flush();
        return 0;
    }

    /** One row as {@code system df --format} sees it: docker's field names. */
    private static java.util.Map<String, String> row(String type, int total, int active, String size, String reclaimable) {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("Type", type);
        f.put("TotalCount", Integer.toString(total));
        f.put("Active", Integer.toString(active));
        f.put("Size", size);
        f.put("Reclaimable", reclaimable);
        return f;
    }

    /** docker's "1.2MB (50%)". */
    private static String reclaimable(long bytes, long total) {
        return HumanUnits.size(bytes) + (total > 0 ? " (" + (100 * bytes / total) + "%)" : "");
    }
}
