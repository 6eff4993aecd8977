package dev.minidocker.runtime.container;

import dev.minidocker.runtime.seccomp.SeccompFilters;
import dev.minidocker.runtime.spec.Hardening;
import java.nio.file.Path;
import java.util.List;

/**
 * What a container's process gets besides its credentials (seccomp, no_new_privs, limits),
 * decided in the parent from the container's settings: the filter is compiled here, for the
 * capabilities the container keeps (the profile's capability-conditional rules follow them), and
 * stage 2 only installs it. The same for the container's command and for each exec.
 */
final class ContainerHardening {
    private ContainerHardening() {}

    /** The default: Docker's default seccomp profile for {@code capabilities}. */
    static Hardening of(Path storeRoot, List<String> capabilities) {
        return Hardening.NONE.withSeccomp(SeccompFilters.forStore(storeRoot).dockerDefault(capabilities));
    }
}
