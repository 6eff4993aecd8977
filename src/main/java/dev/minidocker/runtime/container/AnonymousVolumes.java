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
        return store.load(id).map(AnonymousVolumes::of).orElse(List.of());
    }

    /** The volume names in {@code record}'s host config (a loop: this runs on a foreground run's way out). */
    static List<String> of(ContainerRecord record) {
        if (record.hostConfig() == null) return List.of();
        List<String> names = new java.util.ArrayList<>();
        for (String entry : record.hostConfig().anonymousVolumesOrEmpty()) names.add(entry.substring(0, entry.indexOf(':')));
        return List.copyOf(names);
    }

    static void remove(ContainerStore store, List<String> names) {
        if (names.isEmpty()) return;
        VolumeStore volumes = new VolumeStore(store.root());
        for (String n : names) volumes.delete(n);
    }
}
