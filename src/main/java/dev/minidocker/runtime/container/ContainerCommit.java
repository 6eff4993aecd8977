package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerStore;
import dev.minidocker.state.NoSuchContainerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The container's side of {@code commit}: its overlay upper directory (the changes against its
 * image), held still while the image layer reads it. A running container is frozen through its
 * cgroup (v1 freezer or v2 cgroup.freeze) for the read and thawed afterwards, whatever happens,
 * as Docker's default {@code --pause}; with {@code pause=false} it is read while it runs.
 */
public final class ContainerCommit {
    /** What commit needs of the container besides its changes. */
    public record Source(ContainerRecord record, Path upperDir) {}

    private final ContainerStore store;
    private final CgroupFactory cgroups;

    public ContainerCommit(ContainerStore store, CgroupFactory cgroups) {
        this.store = store;
        this.cgroups = cgroups;
    }

    /** Calls {@code read} with the container's changes, frozen if it runs and {@code pause}. */
    public <T> T withChanges(String nameOrId, boolean pause, Function<Source, T> read) {
        String id = store.resolve(nameOrId);
        ContainerRecord record = store.load(id).orElseThrow(() -> new NoSuchContainerException(nameOrId));
        if (record.image() == null) {
            throw new MiniDockerException("cannot commit container " + nameOrId
                    + ": it runs a plain root directory (-r), not an image");
        }
        Path upper = store.containerDir(id).resolve("upper");
        if (!Files.isDirectory(upper)) {
            throw new MiniDockerException("cannot commit container " + nameOrId + ": it has no file system (removed?)");
        }
        boolean running = store.state(id).map(Liveness::isRunning).orElse(false);
        Optional<CgroupFactory.Handle> cgroup = running && pause ? cgroups.open(id) : Optional.empty();
        cgroup.ifPresent(CgroupFactory.Handle::freeze);
        try {
            return read.apply(new Source(record, upper));
        } finally {
            cgroup.ifPresent(CgroupFactory.Handle::thaw);
        }
    }
}
