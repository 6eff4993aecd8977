package dev.minidocker.runtime.spec;

import java.util.List;

/**
 * Everything stage 2 needs to turn a fresh set of namespaces into a running container. The parent
 * (runtime lifecycle) builds it from the image config and the CLI flags; Stage2Launcher hands it
 * to stage 2 over the sync pipe (SpecCodec, a small binary form: no Jackson on stage 2's critical
 * path). Paths are host paths unless the name says otherwise.
 *
 * @param id           full container id (64 hex)
 * @param hostname     UTS hostname
 * @param args         argv; args.get(0) is resolved against PATH inside the container by stage 2
 * @param env          KEY=VALUE list, PATH included
 * @param workingDir   cwd inside the container, created if missing ("/" when empty)
 * @param user         "user[:group]" as Docker takes it (names or ids), resolved by stage 2
 *                     against the container's /etc/passwd and /etc/group; null or "" means root
 * @param rootfs       what becomes "/"
 * @param readOnly     mount the root filesystem read-only
 * @param mounts       extra mounts (binds, tmpfs), in order
 * @param tty          allocate a pty for the process (-t); the slave is also bound on /dev/console
 * @param interactive  keep stdin open (-i)
 * @param capabilities capability names kept (e.g. "CAP_CHOWN"); all others are dropped from the
 *                     bounding set; null means Docker's default set (0xa80425fb). Non-root users
 *                     get none effective, as in Docker
 * @param network      "none": a new, empty network namespace (only lo); "host": the host's
 * @param etcFiles     host files bind-mounted over /etc/hostname, /etc/hosts, /etc/resolv.conf
 * @param init         --init: stage 2 stays as PID 1, spawns the command, forwards signals to it
 *                     and reaps every orphan, exiting with the command's status
 * @param hardening    seccomp, no_new_privs, resource limits, sysctls and extra groups for the command
 *                     (never null); an OCI bundle's rlimits, sysctl and noNewPrivileges come here too
 * @param oci          what an OCI bundle asks beyond a mini-docker run (mini-docker-runtime); null
 *                     for mini-docker's own runs, which then behave exactly as without it
 */
public record ContainerSpec(
        String id,
        String hostname,
        List<String> args,
        List<String> env,
        String workingDir,
        String user,
        RootFs rootfs,
        boolean readOnly,
        List<Mount> mounts,
        String network,
        boolean tty,
        boolean interactive,
        List<String> capabilities,
        EtcFiles etcFiles,
        boolean init,
        Hardening hardening,
        OciExtras oci) {

    public ContainerSpec {
        if (hardening == null) hardening = Hardening.NONE;
    }

    public ContainerSpec(String id, String hostname, List<String> args, List<String> env, String workingDir,
                         String user, RootFs rootfs, boolean readOnly, List<Mount> mounts, String network, boolean tty,
                         boolean interactive, List<String> capabilities, EtcFiles etcFiles, boolean init,
                         Hardening hardening) {
        this(id, hostname, args, env, workingDir, user, rootfs, readOnly, mounts, network, tty, interactive,
                capabilities, etcFiles, init, hardening, null);
    }

    public ContainerSpec(String id, String hostname, List<String> args, List<String> env, String workingDir,
                         String user, RootFs rootfs, boolean readOnly, List<Mount> mounts, String network, boolean tty,
                         boolean interactive, List<String> capabilities, EtcFiles etcFiles) {
        this(id, hostname, args, env, workingDir, user, rootfs, readOnly, mounts, network, tty, interactive,
                capabilities, etcFiles, false, Hardening.NONE);
    }

    /** The same spec with --init on or off. */
    public ContainerSpec withInit(boolean withInit) {
        return new ContainerSpec(id, hostname, args, env, workingDir, user, rootfs, readOnly, mounts, network, tty,
                interactive, capabilities, etcFiles, withInit, hardening, oci);
    }

    /** The same spec with {@code with} applied to the command's process. */
    public ContainerSpec withHardening(Hardening with) {
        return new ContainerSpec(id, hostname, args, env, workingDir, user, rootfs, readOnly, mounts, network, tty,
                interactive, capabilities, etcFiles, init, with, oci);
    }

    /**
     * Either an overlay of image layers or a plain directory (-r ROOTFS).
     *
     * @param lowerDirs layer diff dirs, top-most first (overlay's lowerdir order); empty for a plain dir
     * @param upperDir  per-container upper dir (null for a plain dir)
     * @param workDir   overlay work dir (null for a plain dir)
     * @param target    where the root filesystem is assembled: the overlay mount point, or the plain dir
     */
    public record RootFs(List<String> lowerDirs, String upperDir, String workDir, String target) {
        public boolean isOverlay() {
            return lowerDirs != null && !lowerDirs.isEmpty();
        }
    }

    /**
     * One extra mount.
     *
     * @param type        "bind" or "tmpfs"
     * @param source      host path for bind; ignored for tmpfs
     * @param destination absolute path inside the container, created if missing; resolved beneath
     *                    the rootfs (openat2 RESOLVE_BENEATH): if a symlink in the image would lead
     *                    it outside (absolute link, ../ climb), the start fails
     * @param options     e.g. "ro", "rw", "size=64m", "mode=1777", "noexec", "nosuid", "nodev"
     */
    public record Mount(String type, String source, String destination, List<String> options) {}

    /** Host-side files for /etc; any may be null to keep the image's own. */
    public record EtcFiles(String hostname, String hosts, String resolvConf) {}

    /**
     * An OCI bundle's settings that mini-docker's own runs do not use. With it, {@link #mounts()}
     * is the bundle's complete list (no built-in /proc, /dev, /sys, masked or read-only paths: the
     * bundle names its own) and the default devices are bound after them, as runc does.
     *
     * @param startFifo       a FIFO stage 2 opens before pivot_root and reads one byte from right
     *                        before execve: the `start` of a created container (runc's exec.fifo);
     *                        null: exec at once
     * @param maskedPaths     /dev/null (files) or an empty read-only tmpfs (directories) over each
     * @param readonlyPaths   each bound read-only onto itself
     * @param oomScoreAdj     written to /proc/self/oom_score_adj; null keeps it
     * @param additionalGids  the supplementary groups, exactly (the bundle's user.additionalGids)
     */
    public record OciExtras(String startFifo, List<String> maskedPaths, List<String> readonlyPaths,
                            Integer oomScoreAdj, List<String> additionalGids) {}
}
