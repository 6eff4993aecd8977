package dev.minidocker.runtime.container;

import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.VolumeStore;
import java.util.List;

/**
 * The anonymous volumes a container was created with (its image's VOLUME entries, a bare
 * {@code -v /path}): removed with it by {@code rm -v} and {@code --rm}, as Docker does. Named
 * volumes always stay. Read while the record is there.
 */
final class AnonymousVolumes {
    private AnonymousVolumes() {}

    static List<String> of(ContainerStore store, String id) {
        return store.load(id).map(ContainerRecord::hostConfig).map(h -> names(h.anonymousVolumesOrEmpty())).orElse(List.of());
    }

    private static List<String> names(List<String> entries) {
        return entries.stream().map(e -> e.substring(0, e.indexOf(':'))).toList();
    }

    static void remove(ContainerStore store, List<String> names) {
        VolumeStore volumes = new VolumeStore(store.root());
        for (String n : names) volumes.delete(n);
    }
}
