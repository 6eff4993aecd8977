package dev.minidocker.linux.cgroup;

import dev.minidocker.model.Resources;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * cgroup v1 (legacy and hybrid hosts): one hierarchy per controller, each mounted on its own path
 * (or shared, e.g. "cpu,cpuacct"). A container gets {@code <mount>/minidocker/<id>} in every
 * hierarchy mini-docker uses; cpuset needs its parents' cpus and mems filled in by hand.
 */
public final class V1CgroupManager implements CgroupManager {
    /** Creates racing with teardowns that remove minidocker/ retry until this passes. */
    private static final long RACE_MILLIS = 5_000;
    private final Map<String, Path> mounts;
    private final CgroupTree tree;
    private final int hostCpus;
    private final String parent;

    /** @param mounts v1 controller name -> mount point, e.g. "memory" -> /sys/fs/cgroup/memory */
    public V1CgroupManager(Map<String, Path> mounts, CgroupFs fs, int hostCpus) {
        this(mounts, fs, hostCpus, PARENT);
    }

    /** With containers under {@code parent} (relative, one or more components) instead of {@link #PARENT}. */
    public V1CgroupManager(Map<String, Path> mounts, CgroupFs fs, int hostCpus, String parent) {
        this.mounts = Collections.unmodifiableMap(new TreeMap<>(mounts)); // a stable order
        this.tree = new CgroupTree(fs);
        this.hostCpus = hostCpus;
        this.parent = CgroupManager.checkParent(parent);
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public Cgroup create(String containerId, Resources limits) {
        CgroupManager.checkId(containerId);
        limits.validate(hostCpus);
        for (ResourceWriter.Need need : ResourceWriter.needs(limits)) require(need);
        DevicePolicy devices = DevicePolicy.of(limits.devices());
        // Without the devices controller a container could open every device node it can mknod
        // (CAP_MKNOD is in Docker's default set): refuse, as runc does ("the non-presence of the
        // devices subsystem is considered fatal for security reasons"). Only a container allowed
        // every device (--privileged) can do without.
        if (!devices.allowsEverything() && !mounts.containsKey("devices")) {
            throw new CgroupException("cannot confine the container's device access: the devices cgroup "
                    + "controller is not mounted on this host (mount it, or run the container --privileged)");
        }
        if (limits.limitsSwap() && !tree.exists(mounts.get("memory").resolve("memory.memsw.limit_in_bytes"))) {
            throw new CgroupException("cannot apply --memory-swap: swap accounting is off in this kernel "
                    + "(no memory.memsw.limit_in_bytes; boot with swapaccount=1)");
        }
        if (limits.hasCpuset()) ResourceWriter.checkCpusetWithin(limits, rootCpus());

        Map<String, Path> dirs = containerDirs(containerId);
        List<Path> created = new ArrayList<>();
        try {
            for (Path mount : new LinkedHashSet<>(mounts.values())) {
                created.add(makeContainerDir(mount, containerId));
            }
            new ResourceWriter(tree).applyV1(dirs, limits);
            if (dirs.containsKey("devices")) applyDevices(dirs.get("devices"), devices);
            return new V1Cgroup(containerId, dirs, tree);
        } catch (RuntimeException e) {
            // Remove only what this call created: an existing cgroup of that name is not ours.
            long deadline = CgroupTree.deadline(CgroupTree.TEARDOWN_MILLIS);
            for (Path dir : created.reversed()) {
                try {
                    tree.removeRecursive(dir, deadline);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            for (Path mount : new LinkedHashSet<>(mounts.values())) removeParents(mount);
            throw e;
        }
    }

    private Map<String, Path> containerDirs(String containerId) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        mounts.forEach((controller, mount) -> dirs.put(controller, mount.resolve(parent).resolve(containerId)));
        return dirs;
    }

    private Path makeContainerDir(Path mount, String id) {
        Path dir = mount.resolve(parent).resolve(id);
        for (long deadline = CgroupTree.deadline(RACE_MILLIS); ; ) {
            try {
                Path made = mount;
                for (Path level : Path.of(parent)) {
                    made = made.resolve(level);
                    tree.mkdir(made);
                }
                if (!tree.mkdir(dir)) {
                    // Not ours: leave it alone, and do not let our cleanup remove it.
                    throw new CgroupException("cgroup " + dir + " already exists");
                }
                // cpuset only now: with our cgroup in it, minidocker/ can no longer be removed and made
                // again, empty, by another create (a child's cpus must be a subset of its parent's).
                if (isCpuset(mount)) {
                    Path above = mount;
                    for (Path level : Path.of(parent)) {
                        Path next = above.resolve(level);
                        inheritCpuset(above, next);
                        above = next;
                    }
                    inheritCpuset(above, dir);
                }
                return dir;
            } catch (NoSuchFileException | CgroupException e) {
                // A concurrent teardown removed minidocker/ between our steps: set it up again.
                if (CgroupTree.vanished(e) && CgroupTree.before(deadline)) continue;
                throw CgroupTree.asCgroupException(e, "create cgroup " + dir);
            }
        }
    }

    /** The parent's levels, deepest first, each if no other cgroup uses it. */
    private void removeParents(Path mount) {
        for (Path p = mount.resolve(parent); p != null && p.startsWith(mount) && !p.equals(mount); p = p.getParent()) {
            tree.removeIfUnused(p);
        }
    }

    private boolean isCpuset(Path mount) {
        return mount.equals(mounts.get("cpuset"));
    }

    /** v1 cpuset cgroups start with empty cpus/mems, and no task can join until both are set. */
    private void inheritCpuset(Path from, Path to) {
        for (String file : new String[] {"cpuset.cpus", "cpuset.mems"}) {
            if (tree.read(to.resolve(file)).isEmpty()) tree.write(to.resolve(file), tree.read(from.resolve(file)));
        }
    }

    /**
     * The allow-list, written before stage 2 is released into the cgroup (the cgroup is made while
     * stage 2's JVM starts): deny "a" first, then one allow line per exception. A new cgroup starts
     * with its parent's list, so even a --privileged one is written explicitly ("a" allowed).
     */
    private void applyDevices(Path dir, DevicePolicy devices) {
        for (DevicePolicy.V1Write w : devices.v1Writes()) tree.write(dir.resolve(w.file()), w.line());
    }

    private CpuSet rootCpus() {
        Path cpuset = mounts.get("cpuset");
        String s = tree.readIfExists(cpuset.resolve("cpuset.effective_cpus"))
                .orElseGet(() -> tree.read(cpuset.resolve("cpuset.cpus")));
        return CpuSet.parse(s);
    }

    private void require(ResourceWriter.Need need) {
        if (!mounts.containsKey(need.controller())) {
            throw new CgroupException("cannot apply " + need.flag() + ": the " + need.controller()
                    + " cgroup controller is not mounted on this host");
        }
    }

    /** Lines are "N:controller[,controller...]:/path"; one file per distinct mount, in procsFiles()' order. */
    @Override
    public List<Path> ownProcsFiles(String procSelfCgroup) {
        Map<String, String> pathOf = new java.util.HashMap<>();
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length == 3) for (String c : f[1].split(",")) pathOf.put(c, f[2]);
        }
        Map<Path, Path> files = new java.util.LinkedHashMap<>();
        mounts.forEach((controller, mount) -> {
            String path = pathOf.get(controller);
            if (path == null) throw new CgroupException("no " + controller + " entry in /proc/self/cgroup");
            files.putIfAbsent(mount, CgroupManager.below(mount, path));
        });
        return List.copyOf(files.values());
    }

    @Override
    public Optional<Cgroup> open(String containerId) {
        CgroupManager.checkId(containerId);
        Map<String, Path> dirs = containerDirs(containerId);
        boolean any = dirs.values().stream().anyMatch(tree::exists);
        return any ? Optional.of(new V1Cgroup(containerId, dirs, tree)) : Optional.empty();
    }
}
