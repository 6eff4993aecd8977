package dev.minidocker.engine;

import dev.minidocker.engine.container.ContainerEntry;
import dev.minidocker.engine.image.ImageService;
import dev.minidocker.engine.volume.VolumeService;
import dev.minidocker.fs.DirectorySize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code system df}: what images, containers and volumes take on disk. Images' layers are counted
 * once ({@code layersSize}); a container's size is its upper directory (Docker's SizeRw); a volume's
 * is its data directory, with how many containers use it.
 */
public record DiskUsage(ImageService.ImagesUsage images, Map<String, Integer> containersByImage,
                        List<ContainerUsage> containers, List<VolumeUsage> volumes) {

    public record ContainerUsage(ContainerEntry container, long sizeRw, long sizeRootFs) {}

    public record VolumeUsage(VolumeService.Volume volume, long size, int refCount) {}

    static DiskUsage of(Engine engine) {
        ImageService.ImagesUsage images = engine.images().usage();
        Map<String, Integer> byImage = new HashMap<>();
        List<ContainerEntry> all = engine.containers().list(true);
        for (ContainerEntry c : all) if (c.imageId() != null) byImage.merge(c.imageId(), 1, Integer::sum);
        List<ContainerUsage> containers = sizes(engine, images, all);
        List<VolumeUsage> volumes = new ArrayList<>();
        for (VolumeService.Volume v : engine.volumes().list()) {
            volumes.add(new VolumeUsage(v, DirectorySize.of(java.nio.file.Path.of(v.mountpoint())),
                    engine.volumes().users(v.name()).size()));
        }
        return new DiskUsage(images, byImage, containers, volumes);
    }

    /** The containers' sizes alone (ps -s, inspect -s): nothing of volumes is walked. */
    static List<ContainerUsage> containerSizes(Engine engine, List<ContainerEntry> containers) {
        return sizes(engine, engine.images().usage(), containers);
    }

    /** Each one's writable layer (its upper directory) and, with its image, its whole root filesystem. */
    private static List<ContainerUsage> sizes(Engine engine, ImageService.ImagesUsage images, List<ContainerEntry> containers) {
        Map<String, Long> imageSizes = new HashMap<>();
        for (ImageService.ImageUsage i : images.images()) imageSizes.put(i.id(), i.size());
        List<ContainerUsage> out = new ArrayList<>();
        for (ContainerEntry c : containers) {
            long rw = DirectorySize.of(engine.containerStore().containerDir(c.id()).resolve("upper"));
            out.add(new ContainerUsage(c, rw, rw + imageSizes.getOrDefault(c.imageId(), 0L)));
        }
        return out;
    }
}
