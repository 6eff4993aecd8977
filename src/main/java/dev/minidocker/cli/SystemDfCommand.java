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
        TextTable table = new TextTable("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
        table.add("Images", Integer.toString(du.images().images().size()), Integer.toString(imagesActive),
                HumanUnits.size(layers), reclaimable(Math.max(0, layers - imagesUsed), layers));
        table.add("Containers", Integer.toString(du.containers().size()), Integer.toString(containersActive),
                HumanUnits.size(containersSize), reclaimable(containersIdle, containersSize));
        table.add("Local Volumes", Integer.toString(du.volumes().size()), Integer.toString(volumesActive),
                HumanUnits.size(volumesSize), reclaimable(volumesIdle, volumesSize));
        table.add("Build Cache", "0", "0", "0B", "0B");
        System.out.print(table.render());
        System.out.flush();
        return 0;
    }

    /** docker's "1.2MB (50%)". */
    private static String reclaimable(long bytes, long total) {
        return HumanUnits.size(bytes) + (total > 0 ? " (" + (100 * bytes / total) + "%)" : "");
    }
}
