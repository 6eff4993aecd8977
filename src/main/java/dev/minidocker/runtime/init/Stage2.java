package dev.minidocker.runtime.init;

import dev.minidocker.linux.Errno;
import dev.minidocker.linux.LinuxSyscalls;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.Syscalls;
import dev.minidocker.linux.UnixSockets;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.ContainerStartException;
import dev.minidocker.runtime.spec.ExecSpec;
import dev.minidocker.runtime.spec.Stage2Message;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Stage 2: PID 1 of the new namespaces until it execve's the container's command. Spawned by
 * Stage2Launcher with the sync socket on fd 3 and the error pipe on fd 4 (see Stage2Protocol).
 * Everything it links or loads happens before pivot_root; after it, only code already used runs.
 * Every call it makes goes through {@link Syscalls}, so that a test can check their order.
 */
public final class Stage2 {
    private static final int SIGKILL = 9;
    private final Syscalls sys;
    private final Handover handover;
    private final Integer restoreNice;
    private final RehearsalBeside beside;
    private final String treeDir;

    Stage2(Syscalls sys) {
        this(sys, null, null, null);
    }

    /**
     * @param restoreNice the nice value to return to once booted (a pool's stage 2), or null
     * @param beside the rehearsal without system calls, started on a thread of its own, or null to run it here
     * @param treeDir where to mount the container's /proc, /dev and /sys while waiting (a pool's
     *                stage 2: {@link MountPlan#preparedTree}), or null
     */
    Stage2(Syscalls sys, Integer restoreNice, RehearsalBeside beside, String treeDir) {
        this.sys = sys;
        this.handover = new Handover(sys);
        this.restoreNice = restoreNice;
        this.beside = beside;
        this.treeDir = treeDir;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--train")) {
            Training.run();
            return;
        }
        if (args.length > 0 && args[0].equals(ExecSpec.MODE)) {
            new ExecStage2(new LinuxSyscalls()).run();
            return;
        }
        // What makes no system call is rehearsed beside the FFM set-up (new LinuxSyscalls()): the
        // launcher is waiting for us by then, so the other core would idle.
        RehearsalBeside beside = RehearsalBeside.start();
        new Stage2(new LinuxSyscalls(), Stage2Protocol.restoreNice(), beside, Stage2Protocol.treeDir()).run();
    }

    /** Waits for the release, then turns the namespaces into the container; never returns in production. */
    void run() {
        try {
            // First: the container's processes must not open this JVM's /proc/1/exe, fd/, ... (its
            // main thread drops to their capabilities before execve, or stays as --init).
            sys.setNotDumpable();
            // The in-process run's stage 2 dies with the CLI (its spawning thread stays until we exit).
            if (Stage2Protocol.diesWithParent()) sys.setParentDeathSignal(SIGKILL);
            // The launcher usually sends the spec only after this JVM is up (it spawns stage 2
            // before it looks at the image): link and load everything now, while it would wait.
            if (beside != null) beside.finish(); // before pivot_root: its classes come from the jar
            else Training.rehearseWithoutSyscalls();
            preloadForAfterPivot();
            String preparedTree = treeDir == null ? null : prepareTree(treeDir);
            // Spawned ahead of time, it booted at a lower priority. Waiting costs no CPU; from now on
            // it runs at its spawner's, and so does the container, which inherits it.
            if (restoreNice != null) sys.setNiceOfAllThreads(restoreNice);
            UnixSockets.Received release = sys.receive(Stage2Protocol.SYNC_FD);
            if (release.data().length == 0) {
                sys.close(Stage2Protocol.SYNC_FD);
                sys.exit(Stage2Protocol.FAILURE_EXIT); // the launcher gave up
            }
            Stage2Message m = Stage2Message.decode(release.data());
            // With a terminal the socket carries the container's pty master back (PtyHandover).
            if (!Stage2Protocol.ownsPty(m.spec().tty(), m.spec().oci() != null)) sys.close(Stage2Protocol.SYNC_FD);
            takeStdio(release.fds());
            try (CgroupJoin cgroup = new CgroupJoin(sys, m.cgroup())) {
                start(m.spec(), cgroup, preparedTree);
            }
        } catch (Throwable t) {
            handover.fail(t);
        }
    }

    /** The caller's stdin, stdout and stderr sent with the release (see Stage2Protocol) become 0, 1, 2. */
    private void takeStdio(int[] fds) {
        if (fds.length == 0) return;
        try {
            if (fds.length != Stage2Protocol.STDIO_FDS) {
                throw new IllegalStateException("stage 2 got " + fds.length + " descriptors at release, expected "
                        + Stage2Protocol.STDIO_FDS);
            }
            for (int i = 0; i < fds.length; i++) sys.dup2(fds[i], i);
        } finally {
            for (int fd : fds) sys.close(fd);
        }
    }

    /**
     * Mounts what every default container gets of /proc, /dev and /sys under {@code dir}, while
     * nothing waits for this stage 2 (it still runs at its boot's lower priority). Returns
     * {@code dir}, or null if a step failed: the release then mounts them the usual way, where a
     * failure is reported in the container's terms.
     */
    private String prepareTree(String dir) {
        try {
            new MountExecutor(sys).run(MountPlan.preparedTree(dir));
        } catch (RuntimeException e) {
            return null;
        }
        Training.rehearsePreparedRelease(dir); // the release's moves, linked now rather than after it
        return dir;
    }

    private void start(ContainerSpec spec, CgroupJoin cgroup, String preparedTree) {
        // The container's cgroup becomes the root of our cgroup namespace; then we leave it, so that
        // this JVM's threads and memory never count against the container's limits (CgroupPlacement).
        cgroup.joinContainer();
        sys.unshare(NamespaceSyscalls.CLONE_NEWCGROUP);
        cgroup.leaveContainer();
        InitReaper reaper = spec.init() ? InitReaper.prepare(sys, handover) : null;
        ContainerSpec.OciExtras oci = spec.oci();
        int gate = oci != null && oci.startFifo() != null ? sys.openStartGate(oci.startFifo()) : -1;
        if (oci != null) OciProcess.beforeMounts(sys, oci);
        boolean ownPty = Stage2Protocol.ownsPty(spec.tty(), oci != null);
        if (spec.tty() && !ownPty) sys.setControllingTerminal(0); // setsid was done by posix_spawn
        int lastCap = handover.lastCapability();
        boolean cgroupV2 = sys.exists("/sys/fs/cgroup/cgroup.controllers");
        String console = spec.tty() && !ownPty ? sys.readLink("/proc/self/fd/0") : null;
        writeSysctls(spec.hardening().sysctls());
        List<MountOp> plan = MountPlan.of(spec, new HostDirectories(sys), cgroupV2, console, preparedTree);
        new MountExecutor(sys).run(plan);
        // Now inside the container's root.
        if (ownPty) PtyHandover.takeContainerPty(sys);
        if (spec.hostname() != null && !spec.hostname().isEmpty()) sys.sethostname(spec.hostname());
        Credentials who = UserResolver.resolve(spec.user(), sys.readFile("/etc/passwd"), sys.readFile("/etc/group"),
                spec.hardening().groupAdd());
        if (oci != null) who = OciProcess.groups(who, oci);
        List<String> env = new ArrayList<>(spec.env() == null ? List.of() : spec.env());
        if (Handover.find(env, "HOME=") == null) env.add("HOME=" + who.home());
        String cwd = spec.workingDir() == null || spec.workingDir().isEmpty() ? "/" : spec.workingDir();
        sys.mkdirs(cwd);

        if (spec.args() == null || spec.args().isEmpty()) throw new IllegalArgumentException("no command specified");
        // From here to execve only credentials change: the container's limits apply from now on, to
        // the command alone, as execve replaces this JVM (a move is never refused for --pids-limit).
        // Before the capability drop: cpuset refuses a move of a process whose threads have more
        // capabilities than the mover, and capset changes only this thread.
        cgroup.joinContainer();
        if (reaper == null) cgroup.close();
        handover.dropTo(who, spec.capabilities(), lastCap, cwd, spec.hardening());
        if (gate >= 0) handover.waitForStart(gate);
        if (reaper != null) {
            String path = Handover.find(env, "PATH=");
            reaper.run(spec.args(), env, path == null ? Handover.DEFAULT_PATH : path, cgroup);
        }
        handover.exec(spec.args(), env);
    }

    /**
     * --sysctl, through the host's /proc before the mounts: /proc/sys/net and the IPC keys show the
     * namespaces of the process that opened them, which are already the container's; the
     * container's own /proc/sys is read-only. Only namespaced keys get here (checked in the parent).
     */
    private void writeSysctls(List<String> sysctls) {
        for (String kv : sysctls) {
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq);
            // a key names a file under /proc/sys and nothing else (an OCI bundle's keys are not checked by a parser)
            if (eq <= 0 || key.contains("/") || key.contains("..")) throw new ContainerStartException("invalid sysctl " + kv);
            String path = "/proc/sys/" + key.replace('.', '/');
            try (Syscalls.OpenFile f = sys.openForWriting(path)) {
                f.write(kv.substring(eq + 1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (RuntimeException e) { // the kernel's reason: EINVAL for a bad value, ENOENT for an unknown key
                throw new ContainerStartException("sysctl " + kv + ": " + e.getMessage(), e);
            }
        }
    }

    /** Whether a bind source on the host is a directory. An object, not a lambda: no bootstrap after the release. */
    private record HostDirectories(Syscalls sys) implements Predicate<String> {
        @Override
        public boolean test(String source) {
            return sys.isDirectory(source);
        }
    }

    /**
     * After pivot_root the class path (a jar, or target/classes in tests) is out of reach, so every
     * class used from then on is loaded now, by running it on sample data (through the real
     * syscalls, whatever this stage 2 was given: their classes are what must be loaded).
     */
    static void preloadForAfterPivot() {
        LinuxSyscalls real = new LinuxSyscalls();
        new Handover(real);
        UserResolver.resolve("u:g", "u:x:1:1::/:/bin/sh\n", "g:x:1:u\n", List.of("g", "7"));
        CapabilitySet.mask(null);
        dev.minidocker.linux.seccomp.SeccompInstall.rehearse();
        Training.rehearse();
        for (String name : new String[] {"dev.minidocker.runtime.spec.ContainerStartException",
                "dev.minidocker.linux.SyscallException", "dev.minidocker.linux.Errno",
                "dev.minidocker.linux.CapabilitySyscalls", "dev.minidocker.runtime.init.Credentials",
                "dev.minidocker.linux.NamespaceSyscalls", "dev.minidocker.runtime.init.CgroupJoin$Target",
                "dev.minidocker.runtime.init.Stage2$HostDirectories", "dev.minidocker.linux.TerminalSyscalls",
                "dev.minidocker.runtime.init.PtyHandover", "dev.minidocker.linux.UnixSockets",
                "dev.minidocker.linux.UnixSockets$Received",
                "dev.minidocker.linux.LinuxSyscalls$JavaFile", "dev.minidocker.linux.LinuxSyscalls$Handler",
                "dev.minidocker.linux.Arch", "dev.minidocker.linux.RawSyscall", "dev.minidocker.linux.SessionKeyring",
                "dev.minidocker.linux.seccomp.SeccompInstall", "dev.minidocker.linux.seccomp.SeccompProgram",
                "dev.minidocker.runtime.spec.Hardening", "dev.minidocker.runtime.spec.Hardening$Rlimit",
                "dev.minidocker.runtime.init.OciProcess",
                "dev.minidocker.runtime.init.OciMountPlan", "dev.minidocker.runtime.init.MountOp$Mask",
                "dev.minidocker.runtime.spec.ContainerSpec$OciExtras"}) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        Errno.describe(Errno.ENOENT);
        Handover.find(List.of("A=b"), "A=");
        Stage2Protocol.report(Stage2Protocol.EXEC_FAILED, new byte[1], Errno.ENOENT);
        // What start() does with files after the release (the NIO file and stream classes): a warm
        // stage 2 then loads nothing on the critical path, a cold one does it while it would wait.
        real.readFile("/etc/passwd");
        real.readFile("/nonexistent/minidocker");
        new Handover(real).lastCapability();
        real.mkdirs("/");
        real.isDirectory("/");
        real.exists("/sys/fs/cgroup/cgroup.controllers");
        // Opens the jar and indexes it (interpreted, tens of ms) now rather than at the first
        // class after the release that the AOT cache lacks.
        Stage2.class.getResource("/META-INF/MANIFEST.MF");
    }
}
