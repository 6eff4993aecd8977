package dev.minidocker.linux.cgroup;

import dev.minidocker.model.Resources;
import dev.minidocker.linux.BpfSyscalls;
import dev.minidocker.linux.SyscallException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * cgroup v2: one tree. Containers live in {@code <root>/minidocker/<id>}; the controllers are
 * enabled in cgroup.subtree_control of the root and of minidocker/, which never holds processes
 * itself (v2's "no internal processes" rule).
 */
public final class V2CgroupManager implements CgroupManager {
    /** Enabled for every container when available (stats need memory, pids and cpu). */
    static final List<String> WANTED = List.of("memory", "pids", "cpu", "cpuset");
    /** Creates racing with teardowns that remove minidocker/ retry until this passes. */
    private static final long RACE_MILLIS = 5_000;

    /** license of the device program: it calls no kernel helper, so any string will do. */
    static final String PROGRAM_LICENSE = "Apache-2.0";

    private final Path root;
    private final CgroupTree tree;
    private final int hostCpus;
    private final BpfSyscalls bpf;
    private final String parentPath;

    public V2CgroupManager(Path root, CgroupFs fs, int hostCpus, BpfSyscalls bpf) {
        this(root, fs, hostCpus, bpf, PARENT);
    }

    /** With containers under {@code parent} (relative, one or more components) instead of {@link #PARENT}. */
    public V2CgroupManager(Path root, CgroupFs fs, int hostCpus, BpfSyscalls bpf, String parent) {
        this.parentPath = CgroupManager.checkParent(parent);
        this.root = root;
        this.tree = new CgroupTree(fs);
        this.hostCpus = hostCpus;
        this.bpf = bpf;
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public Cgroup create(String containerId, Resources limits) {
        CgroupManager.checkId(containerId);
        limits.validate(hostCpus);
        Set<String> available = controllers(root.resolve("cgroup.controllers"));
        requireControllers(limits, available);
        List<String> enable = WANTED.stream().filter(available::contains).toList();
        Path parent = root.resolve(parentPath);
        Path dir = parent.resolve(containerId);
        for (long deadline = CgroupTree.deadline(RACE_MILLIS); ; ) {
            try {
                enable(root, enable);
                Path above = root;
                for (Path level : Path.of(parentPath)) {
                    above = above.resolve(level);
                    tree.mkdir(above);
                    enable(above, enable);
                }
                if (!tree.mkdir(dir)) {
                    throw new CgroupException("cgroup " + dir + " already exists");
                }
                break;
            } catch (NoSuchFileException | CgroupException e) {
                // A concurrent teardown removed minidocker/ between our steps: set it up again.
                if (CgroupTree.vanished(e) && CgroupTree.before(deadline)) continue;
                tree.removeIfUnused(parent); // a failure in enable(parent) leaves it empty
                throw CgroupTree.asCgroupException(e, "create cgroup " + dir);
            }
        }
        V2Cgroup cgroup = new V2Cgroup(containerId, dir, parent, tree);
        try {
            new ResourceWriter(tree).applyV2(dir, limits, limits.hasCpuset() ? allowedCpus(parent) : null);
            applyDevices(dir, DevicePolicy.of(limits.devices()));
            return cgroup;
        } catch (RuntimeException e) {
            try {
                cgroup.destroy();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * cgroup v2 has no devices.allow: the allow-list is a BPF program attached to the cgroup, as
     * runc, crun and youki do. Attached before stage 2 is released into the cgroup; it stays with
     * the cgroup (the kernel drops it on rmdir), so the program's fd is closed at once.
     */
    private void applyDevices(Path dir, DevicePolicy devices) {
        if (devices.allowsEverything()) return; // --privileged: nothing to filter
        int program;
        try {
            program = bpf.loadCgroupDeviceProgram(DeviceFilterProgram.of(devices).instructions(), PROGRAM_LICENSE);
        } catch (SyscallException e) {
            throw new CgroupException(e.getMessage() + " for cgroup " + dir, e);
        }
        try {
            bpf.attachCgroupDevice(dir, program);
        } catch (SyscallException e) {
            throw new CgroupException(e.getMessage(), e);
        } finally {
            bpf.close(program);
        }
    }

    private CpuSet allowedCpus(Path parent) {
        for (Path p : List.of(parent.resolve("cpuset.cpus.effective"), root.resolve("cpuset.cpus.effective"))) {
            Optional<String> s = tree.readIfExists(p);
            if (s.isPresent() && !s.get().isEmpty()) return CpuSet.parse(s.get());
        }
        return CpuSet.firstN(hostCpus);
    }

    private static void requireControllers(Resources limits, Set<String> available) {
        for (ResourceWriter.Need need : ResourceWriter.needs(limits)) {
            if (available.contains(need.controller())) continue;
            throw new CgroupException("cannot apply " + need.flag() + ": the " + need.controller()
                    + " cgroup controller is not available (cgroup.controllers: "
                    + String.join(" ", available) + ")");
        }
    }

    /** Enables the controllers not yet enabled in {@code dir}/cgroup.subtree_control, in one write. */
    private void enable(Path dir, List<String> controllers) {
        Set<String> enabled = controllers(dir.resolve("cgroup.subtree_control"));
        String missing = String.join(" ", controllers.stream()
                .filter(c -> !enabled.contains(c)).map(c -> "+" + c).toList());
        if (!missing.isEmpty()) tree.write(dir.resolve("cgroup.subtree_control"), missing);
    }

    private Set<String> controllers(Path file) {
        String s = tree.readIfExists(file).orElse("");
        Set<String> set = new LinkedHashSet<>();
        Arrays.stream(s.trim().split("\\s+")).filter(c -> !c.isEmpty()).forEach(set::add);
        return set;
    }

    @Override
    public List<Path> ownProcsFiles(String procSelfCgroup) {
        for (String line : procSelfCgroup.split("\n")) {
            if (line.startsWith("0::")) return List.of(CgroupManager.below(root, line.substring(3)));
        }
        throw new CgroupException("no cgroup v2 entry in /proc/self/cgroup");
    }

    @Override
    public Optional<Cgroup> open(String containerId) {
        CgroupManager.checkId(containerId);
        Path parent = root.resolve(parentPath);
        Path dir = parent.resolve(containerId);
        return tree.exists(dir) ? Optional.of(new V2Cgroup(containerId, dir, parent, tree)) : Optional.empty();
    }
}
