package dev.minidocker.runtime.init;

import dev.minidocker.linux.CapabilitySyscalls;
import dev.minidocker.linux.LinuxSyscalls;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.TerminalSyscalls;
import dev.minidocker.runtime.spec.CgroupPlacement;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.Hardening;
import dev.minidocker.runtime.spec.Stage2Message;
import java.util.List;

/**
 * `Stage2 --train`: what scripts/make-aot-cache runs to record stage 2's AOT cache. It loads and
 * links what a real start uses (codec, plan, user lookup, every downcall class) without touching
 * the system.
 */
final class Training {
    private Training() {}

    static void run() {
        rehearseWithoutSyscalls();
        rehearsePreparedRelease("/t"); // a pool's stage 2's: its cache must hold those classes too
        Stage2.preloadForAfterPivot(); // which rehearses the rest
        int[] sync = dev.minidocker.linux.UnixSockets.socketPair(); // the release's path, on a private pair
        dev.minidocker.linux.UnixSockets.send(sync[1], new byte[] {1}, new int[0]);
        ProcessSyscalls.close(sync[1]);
        dev.minidocker.linux.UnixSockets.receiveAll(sync[0]);
        ProcessSyscalls.close(sync[0]);
        for (Class<?> c : List.of(ProcessSyscalls.class, CapabilitySyscalls.class, NamespaceSyscalls.class,
                TerminalSyscalls.class, MountExecutor.class, Stage2.class,
                dev.minidocker.linux.Niceness.class)) { // a pool's stage 2 uses it before pivot_root
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A dry run of what a release does without system calls, on sample data: decode, then the mount
     * plan run on a recording fake. A container's stage 2 does it before it waits, beside its FFM
     * set-up ({@link RehearsalBeside}): the first pass through a call site that links a method
     * handle (a pattern switch, ...) costs milliseconds interpreted, and after the release it would
     * be on the run. ({@link #rehearse} does the part with system calls.)
     */
    static void rehearseWithoutSyscalls() {
        new MountExecutor(new DryRunMountSyscalls()).run(MountPlan.of(sampleSpec(), s -> true, true, "/dev/pts/0"));
    }

    /**
     * What only a pool's stage 2 adds, once its tree is mounted at {@code treeDir} (Stage2): the
     * release's plan that moves the tree in, as a dry run. Other stage 2s never take that path.
     */
    static void rehearsePreparedRelease(String treeDir) {
        new MountExecutor(new DryRunMountSyscalls()).run(MountPlan.of(sampleSpec(), s -> true, true, null, treeDir));
    }

    /** A container with a bit of everything a release carries, through the codec as stage 2 gets it. */
    private static ContainerSpec sampleSpec() {
        var spec = new ContainerSpec("0".repeat(64), "train", List.of("sh", "-c", "true"), List.of("PATH=/bin"),
                "/", "1000:1000", new ContainerSpec.RootFs(List.of("/l1", "/l2"), "/u", "/w", "/m"), true,
                List.of(new ContainerSpec.Mount("bind", "/src", "/dst", List.of("ro")),
                        new ContainerSpec.Mount("tmpfs", null, "/tmp", List.of("size=1m"))),
                "none", false, false, null, new ContainerSpec.EtcFiles("/h", "/hs", "/r"))
                .withHardening(new Hardening(new dev.minidocker.linux.seccomp.SeccompProgram(new byte[8]), true,
                        List.of(new Hardening.Rlimit(7, 1024, 1024))));
        return Stage2Message.decode(new Stage2Message(CgroupPlacement.NONE, spec).encode()).spec();
    }

    /**
     * The rest of the release's path, through the real system calls (Stage2.preloadForAfterPivot,
     * for exec's stage 2 too): the cgroup join, a cgroup file's write, the int arrays of capset and
     * setgroups, the exec path up to its first failure.
     */
    static void rehearse() {
        try (var none = new CgroupJoin(new LinuxSyscalls(), CgroupPlacement.NONE)) {
            none.joinContainer();
        }
        // A cgroup file's open, write and close (CgroupJoin's java.io path; closing loads a class of its own).
        try (var file = new LinuxSyscalls().openForWriting("/dev/null")) {
            file.write(new byte[] {'0'});
        }
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) { // capset's and setgroups' int arrays
            java.lang.foreign.MemorySegment ints = a.allocate(java.lang.foreign.ValueLayout.JAVA_INT, 6);
            ints.setAtIndex(java.lang.foreign.ValueLayout.JAVA_INT, 1, 1);
        }
        // The exec path, up to its first failure (a PATH search meets ENOENT first): C strings, errno.
        ProcessSyscalls.execve("/nonexistent/minidocker-rehearsal", List.of("x"), List.of("A=b"));
    }
}
