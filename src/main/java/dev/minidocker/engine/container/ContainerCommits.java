package dev.minidocker.engine.container;

import dev.minidocker.engine.Engine;
import dev.minidocker.image.DockerReferences;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageNotFoundException;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.dockerfile.ConfigChanges;
import dev.minidocker.image.dockerfile.Instruction;
import dev.minidocker.image.store.ImageCommitter;
import dev.minidocker.image.store.NewImage;
import dev.minidocker.image.store.StoredImage;
import dev.minidocker.runtime.container.ContainerCommit;
import dev.minidocker.state.ContainerRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code commit}: the container's changes become a layer on top of its image, the image's config
 * becomes the container's (command, environment, working dir, user, ports: what it was run with,
 * as Docker's commit merges them) with the --change instructions applied last. Arguments are
 * checked before anything is read, so a bad change or name writes nothing.
 */
final class ContainerCommits {
    private final Engine engine;

    ContainerCommits(Engine engine) {
        this.engine = engine;
    }

    /** The new image's id ("sha256:..."). */
    String commit(CommitRequest r) {
        List<Instruction> changes = ConfigChanges.parseCommitChanges(r.changes());
        ImageReference tag = r.repoTag() == null || r.repoTag().isEmpty() ? null : DockerReferences.parseTagTarget(r.repoTag());
        ContainerCommit side = new ContainerCommit(engine.containerStore(), engine.cgroups());
        return side.withChanges(r.container(), r.pause(), source -> {
            ContainerRecord rec = source.record();
            StoredImage parent = engine.imageStore().find(rec.image()).orElseThrow(() -> new ImageNotFoundException(
                    "No such image: " + rec.image() + " (the image of container " + r.container() + " is gone)"));
            NewImage image = new NewImage(parent, createdBy(rec), r.comment(), r.author(), config(rec, changes),
                    engine.clock().instant(), tag);
            return new ImageCommitter(engine.imageStore()).commit(source.upperDir(), image).imageId().toString();
        });
    }

    /** Docker's history line for a commit: the container's command. */
    private static String createdBy(ContainerRecord rec) {
        ContainerRecord.Config c = rec.config();
        return c == null ? "" : String.join(" ", c.argv());
    }

    /**
     * The parent's config with the container's settings, then the changes. As Docker's commit: the
     * container's labels and health check, which already hold the image's merged with the run's
     * (--label, --health-*, --no-healthcheck), not the parent's alone.
     */
    private static UnaryOperator<ImageConfig.Config> config(ContainerRecord rec, List<Instruction> changes) {
        return before -> {
            ContainerRecord.Config c = rec.config();
            ImageConfig.Config container = before;
            if (c != null) {
                Map<String, Object> ports = before.exposedPorts() == null ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(before.exposedPorts());
                if (c.exposedPorts() != null) for (String p : c.exposedPorts()) ports.put(p, Map.of());
                Map<String, String> labels = c.labelsOrEmpty().isEmpty() ? before.labels() : c.labelsOrEmpty();
                container = new ImageConfig.Config(blankToNull(c.user()), ports.isEmpty() ? null : ports, c.env(),
                        c.entrypoint(), c.cmd(), before.volumes(), blankToNull(c.workingDir()), labels,
                        c.stopSignal() != null ? c.stopSignal() : before.stopSignal(),
                        c.healthcheck() != null ? c.healthcheck() : before.healthcheck());
            }
            return ConfigChanges.apply(container, changes);
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
