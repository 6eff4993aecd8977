package dev.minidocker.engine.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** -v /host:/ctr[:ro|rw] and --tmpfs /path[:opts] into {@link ContainerSpec.Mount}s. */
public final class MountParser {
    /** Docker's tmpfs defaults; "exec", "suid" or "dev" in the user's options lift them. */
    private static final List<String> TMPFS_DEFAULTS = List.of("noexec", "nosuid", "nodev");

    private MountParser() {}

    /** A bind mount; the source must be an existing absolute host path. */
    public static ContainerSpec.Mount bind(String spec) {
        ContainerSpec.Mount m = bindForm(spec);
        String source = spec.substring(0, spec.indexOf(':'));
        if (!Files.exists(Path.of(source))) {
            throw new MiniDockerException("invalid mount config: bind source path does not exist: " + source);
        }
        return m;
    }

    /** A bind mount's form alone, its source not looked at (what the docker CLI checks of -v itself). */
    static ContainerSpec.Mount bindForm(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length == 1) {
            throw new MiniDockerException("invalid volume specification: '" + spec
                    + "': anonymous volumes are not supported, use /host/path:/container/path");
        }
        if (parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new MiniDockerException("invalid volume specification: '" + spec + "'");
        }
        String source = parts[0];
        String destination = parts[1];
        String mode = parts.length == 3 ? parts[2] : "rw";
        if (!source.startsWith("/")) {
            throw new MiniDockerException("invalid volume specification: '" + spec
                    + "': bind source must be an absolute path (named volumes are not supported)");
        }
        if (!destination.startsWith("/")) {
            throw new MiniDockerException("invalid volume specification: '" + spec
                    + "': invalid mount config for type \"bind\": invalid mount path: '" + destination
                    + "' mount path must be absolute");
        }
        if (Path.of(destination).normalize().toString().equals("/")) {
            throw new MiniDockerException("invalid volume specification: '" + spec
                    + "': invalid mount config for type \"bind\": invalid specification: destination can't be '/'");
        }
        if (!mode.equals("ro") && !mode.equals("rw")) {
            throw new MiniDockerException("invalid mode: " + mode);
        }
        return new ContainerSpec.Mount("bind", Path.of(source).normalize().toString(),
                Path.of(destination).normalize().toString(), List.of(mode));
    }

    /** A tmpfs; options pass through after Docker's noexec,nosuid,nodev defaults. */
    public static ContainerSpec.Mount tmpfs(String spec) {
        int colon = spec.indexOf(':');
        String destination = colon >= 0 ? spec.substring(0, colon) : spec;
        String opts = colon >= 0 ? spec.substring(colon + 1) : "";
        if (!destination.startsWith("/")) {
            throw new MiniDockerException("invalid tmpfs specification: '" + spec + "': mount path must be absolute");
        }
        if (Path.of(destination).normalize().toString().equals("/")) {
            throw new MiniDockerException("invalid tmpfs specification: '" + spec + "': destination can't be '/'");
        }
        List<String> user = new ArrayList<>();
        for (String o : opts.split(",")) {
            if (!o.isBlank()) user.add(o.strip());
        }
        List<String> options = new ArrayList<>();
        for (String d : TMPFS_DEFAULTS) {
            if (!user.contains(d.substring(2))) options.add(d);
        }
        for (String o : user) {
            if (!options.contains(o)) options.add(o);
        }
        return new ContainerSpec.Mount("tmpfs", "tmpfs", Path.of(destination).normalize().toString(), options);
    }
}
