package dev.minidocker.engine.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --volumes-from CONTAINER[:ro|rw]}: that container's binds and volumes (named and
 * anonymous) as -v values of the new container, each read-only with {@code :ro}, read-write with
 * {@code :rw}, else as the source had it. The new container names the volumes itself, so they are
 * in use while it exists and {@code rm -v} of it leaves them to their owner.
 */
final class VolumesFrom {
    private VolumesFrom() {}

    static List<String> expand(ContainerStore store, List<String> specs) {
        List<String> out = new ArrayList<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            String ref = spec, mode = null;
            if (colon > 0 && (spec.endsWith(":ro") || spec.endsWith(":rw"))) {
                ref = spec.substring(0, colon);
                mode = spec.substring(colon + 1);
            } else if (colon > 0) {
                throw new MiniDockerException("invalid mode for volumes-from: " + spec.substring(colon + 1));
            }
            ContainerRecord r = store.load(store.resolve(ref)).orElseThrow(
                    () -> new dev.minidocker.state.NoSuchContainerException(spec));
            List<String> entries = new ArrayList<>();
            if (r.hostConfig().binds() != null) entries.addAll(r.hostConfig().binds());
            entries.addAll(r.hostConfig().anonymousVolumesOrEmpty());
            for (String e : entries) {
                String[] p = e.split(":", -1);
                if (p.length < 2) continue; // a bare /path: its anonymous volume is listed apart
                String m = mode != null ? mode : p.length == 3 ? p[2] : "rw";
                out.add(p[0] + ":" + p[1] + ":" + m);
            }
        }
        return out;
    }
}
