package dev.minidocker.engine.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.container.VolumeCopyUp;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.VolumeStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The volume side of {@code -v}: {@code NAME:/path[:ro|rw]} (a named volume, created on first use)
 * and {@code /path} alone (an anonymous volume), plus the image's VOLUME entries that no -v or
 * --tmpfs covers (anonymous too, as Docker makes them). Each volume is a bind of its {@code _data}
 * directory; one that is new or empty is filled from the image at create ({@link VolumeCopyUp}).
 */
final class VolumeMounts {
    private final VolumeStore store;

    VolumeMounts(Path storeRoot) {
        this.store = new VolumeStore(storeRoot);
    }

    /** A volume asked for: {@code name} null for an anonymous one. */
    record Wanted(String name, String destination, boolean readOnly) {}

    /** The mounts, the names of the anonymous volumes made ("NAME:/path"), and what to copy up. */
    record Planned(List<ContainerSpec.Mount> mounts, List<String> anonymous, List<VolumeCopyUp> copyUps) {
        static final Planned NONE = new Planned(List.of(), List.of(), List.of());
    }

    /** A -v value that names a volume, or null for a bind ({@code /host:/ctr}: MountParser's). */
    static Wanted parse(String spec) {
        String[] p = spec.split(":", -1);
        if (p.length == 1) {
            if (!spec.startsWith("/")) throw new MiniDockerException("invalid volume specification: '" + spec + "'");
            return new Wanted(null, destination(spec, spec), false);
        }
        if (p[0].startsWith("/") || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) return null;
        String mode = p.length == 3 ? p[2] : "rw";
        if (!mode.equals("ro") && !mode.equals("rw") && !mode.equals("z") && !mode.equals("Z") && !mode.equals("nocopy")) {
            throw new MiniDockerException("invalid mode: " + mode);
        }
        VolumeStore.checkName(p[0]);
        return new Wanted(p[0], destination(spec, p[1]), mode.equals("ro"));
    }

    private static String destination(String spec, String d) {
        if (!d.startsWith("/")) {
            throw new MiniDockerException("invalid volume specification: '" + spec + "': invalid mount config for type \"volume\":"
                    + " invalid mount path: '" + d + "' mount path must be absolute");
        }
        String n = Path.of(d).normalize().toString();
        if (n.equals("/")) {
            throw new MiniDockerException("invalid volume specification: '" + spec
                    + "': invalid mount config for type \"volume\": invalid specification: destination can't be '/'");
        }
        return n;
    }

    /**
     * Makes the volumes (named ones if missing, anonymous ones always) and the image's VOLUME
     * entries not covered by {@code binds} or {@code tmpfs}; {@code copyUp} false for a plain
     * root directory (no image to copy from).
     */
    Planned plan(List<Wanted> wanted, Map<String, Object> imageVolumes, List<String> binds,
                 Collection<String> tmpfs, boolean copyUp) {
        List<Wanted> all = new ArrayList<>(wanted);
        Set<String> covered = new HashSet<>();
        for (String b : binds) {
            String[] p = b.split(":", -1);
            covered.add(Path.of(p.length == 1 ? p[0] : p[1]).normalize().toString());
        }
        for (String t : tmpfs) covered.add(Path.of(t).normalize().toString());
        if (imageVolumes != null) {
            for (String v : new java.util.TreeSet<>(imageVolumes.keySet())) {
                if (v.startsWith("/") && covered.add(Path.of(v).normalize().toString())) {
                    all.add(new Wanted(null, Path.of(v).normalize().toString(), false));
                }
            }
        }
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        List<String> anonymous = new ArrayList<>();
        List<VolumeCopyUp> copyUps = new ArrayList<>();
        for (Wanted w : all) {
            String name = w.name();
            if (name == null) {
                name = ContainerStore.newId();
                store.createIfMissing(name, Map.of(), Map.of(), true);
                anonymous.add(name + ":" + w.destination());
            } else {
                store.createIfMissing(name, Map.of(), Map.of(), false);
            }
            Path data = store.dataDir(name);
            mounts.add(new ContainerSpec.Mount("bind", data.toString(), w.destination(), List.of(w.readOnly() ? "ro" : "rw")));
            if (copyUp) copyUps.add(new VolumeCopyUp(data, w.destination()));
        }
        return new Planned(mounts, anonymous, copyUps);
    }
}
