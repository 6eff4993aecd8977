package dev.minidocker.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.engine.Filters;
import dev.minidocker.state.ContainerStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code volume prune}'s filters are the one Filters implementation: label, label!, all; others refused. */
class VolumePruneFiltersTest {
    @TempDir
    Path root;

    @Test
    void labelAndNotLabelChooseWhatGoes() {
        VolumeService volumes = new VolumeService(root, new ContainerStore(root));
        volumes.create("keep", null, Map.of("keep", "yes"), Map.of());
        volumes.create("tmp", null, Map.of("tier", "scratch"), Map.of());
        volumes.create("plain", null, Map.of(), Map.of());
        assertEquals(List.of("tmp"), volumes.prune(true, Filters.fromArgs(List.of("label=tier=scratch"))).names());
        assertEquals(List.of(), volumes.prune(false, Filters.fromArgs(List.of("label!=keep"))).names(), "named volumes need all");
        assertEquals(List.of("plain"), volumes.prune(false, Filters.fromArgs(List.of("all=true", "label!=keep"))).names());
        assertEquals(List.of("keep"), volumes.list().stream().map(VolumeService.Volume::name).toList());
        InvalidArgumentException bad = assertThrows(InvalidArgumentException.class,
                () -> volumes.prune(true, Filters.fromArgs(List.of("colour=red"))));
        assertEquals("invalid filter 'colour'", bad.getMessage());
    }
}
