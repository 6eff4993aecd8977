package dev.minidocker.runtime.init;

import dev.minidocker.linux.CapabilitySyscalls;
import dev.minidocker.linux.Errno;
import dev.minidocker.linux.LinuxMountSyscalls;
import dev.minidocker.linux.NamespaceSyscalls;
import dev.minidocker.linux.ProcessSyscalls;
import dev.minidocker.linux.SessionKeyring;
import dev.minidocker.linux.TerminalSyscalls;
import dev.minidocker.linux.UnixSockets;
import dev.minidocker.runtime.spec.ContainerSpec;
import dev.minidocker.runtime.spec.Stage2Message;
import dev.minidocker.runtime.spec.Stage2Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 2: PID 1 of the new namespaces until it execve's the container's command. Spawned by
 * Stage2Launcher with the sync socket on fd 3 and the error pipe on fd 4 (see Stage2Protocol).
 * Everything it links or loads happens before pivot_root; after it, only code already used runs.
 */
public final class Stage2 {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** An object, not a lambda: a lambda's first use after the release would cost a bootstrap. */
    private static final java.util.function.Predicate<String> IS_HOST_DIRECTORY = new java.util.function.Predicate<>() {
        @Override
        public boolean test(String source) {
            return Files.isDirectory(Path.of(source));
        }
    };

    private Stage2() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--train")) {
            Training.run();
            return;
        }
        if (args.length > 0 && args[0].equals(dev.minidocker.runtime.spec.ExecSpec.MODE)) {
            ExecStage2.main();
            return;
        }
        try {
            // First: the container's processes must not open this JVM's /proc/1/exe, fd/, ... (its
            // main thread drops to their capabilities before execve, or stays as --init).
            CapabilitySyscalls.setNotDumpable();
            // The launcher usually sends the spec only after this JVM is up (it spawns stage 2
            // before it looks at the image): link and load everything now, while it would wait.
            preloadForAfterPivot();
            UnixSockets.Received release = UnixSockets.receiveAll(Stage2Protocol.SYNC_FD);
            ProcessSyscalls.close(Stage2Protocol.SYNC_FD);
            if (release.data().length == 0) ProcessSyscalls.exit(Stage2Protocol.FAILURE_EXIT); // the launcher gave up
            takeStdio(release.fds());
            Stage2Message m = Stage2Message.decode(release.data());
            try (CgroupJoin cgroup = new CgroupJoin(m.cgroup())) {
                run(m.spec(), cgroup);
            }
        } catch (Throwable t) {
            String message = t.getMessage() == null ? t.toString() : t.getMessage();
            report(Stage2Protocol.SETUP_FAILED, message.replace('\n', ' ').getBytes(StandardCharsets.UTF_8), 0);
            ProcessSyscalls.exit(Stage2Protocol.FAILURE_EXIT);
        }
    }

    /** The caller's stdin, stdout and stderr sent with the release (see Stage2Protocol) become 0, 1, 2. */
    static void takeStdio(int[] fds) {
        if (fds.length == 0) return;
        try {
            if (fds.length != Stage2Protocol.STDIO_FDS) {
                throw new IllegalStateException("stage 2 got " + fds.length + " descriptors at release, expected "
                        + Stage2Protocol.STDIO_FDS);
            }
            for (int i = 0; i < fds.length; i++) ProcessSyscalls.dup2(fds[i], i);
        } finally {
            for (int fd : fds) ProcessSyscalls.close(fd);
        }
    }

    private static void run(ContainerSpec spec, CgroupJoin cgroup) throws IOException {
        // The container's cgroup becomes the root of our cgroup namespace; then we leave it, so that
        // this JVM's threads and memory never count against the container's limits (CgroupPlacement).
        cgroup.joinContainer();
        NamespaceSyscalls.unshare(NamespaceSyscalls.CLONE_NEWCGROUP);
        cgroup.leaveContainer();
        if (spec.init()) InitReaper.prepare();
        if (spec.tty()) TerminalSyscalls.setControllingTerminal(0); // setsid was done by posix_spawn
        int lastCap = lastCapability();
        boolean cgroupV2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        String console = spec.tty() ? Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString() : null;
        List<MountOp> plan = MountPlan.of(spec, IS_HOST_DIRECTORY, cgroupV2, console);
        new MountExecutor(new LinuxMountSyscalls()).run(plan);
        // Now inside the container's root.
        if (spec.hostname() != null && !spec.hostname().isEmpty()) NamespaceSyscalls.sethostname(spec.hostname());
        Credentials who = UserResolver.resolve(spec.user(), readOrEmpty("/etc/passwd"), readOrEmpty("/etc/group"));
        List<String> env = new ArrayList<>(spec.env() == null ? List.of() : spec.env());
        if (find(env, "HOME=") == null) env.add("HOME=" + who.home());
        String cwd = spec.workingDir() == null || spec.workingDir().isEmpty() ? "/" : spec.workingDir();
        Files.createDirectories(Path.of(cwd));

        if (spec.args() == null || spec.args().isEmpty()) throw new IllegalArgumentException("no command specified");
        // From here to execve only credentials change: the container's limits apply from now on, to
        // the command alone, as execve replaces this JVM (a move is never refused for --pids-limit).
        // Before the capability drop: cpuset refuses a move of a process whose threads have more
        // capabilities than the mover, and capset changes only this thread.
        cgroup.joinContainer();
        if (!spec.init()) cgroup.close();
        joinNewSessionKeyring(); // on this thread, which execve's or (--init) spawns the command
        long keep = CapabilitySet.mask(spec.capabilities());
        for (int cap = 0; cap <= lastCap; cap++) {
            if ((keep & (1L << cap)) == 0) CapabilitySyscalls.dropFromBoundingSet(cap);
        }
        CapabilitySyscalls.setgroups(who.supplementaryGids());
        CapabilitySyscalls.setgid(who.gid());
        CapabilitySyscalls.setuid(who.uid()); // for uid != 0 the kernel clears permitted/effective
        if (who.uid() == 0) CapabilitySyscalls.setPermittedAndEffective(keep);
        new LinuxMountSyscalls().chdir(cwd);
        ProcessSyscalls.closeRangeOnExec(3);
        if (spec.init()) {
            String path = find(env, "PATH=");
            InitReaper.run(spec.args(), env, path == null ? DEFAULT_PATH : path, cgroup);
        }
        exec(spec.args(), env);
    }

    /**
     * A new, empty session keyring, as runc gives each container: without it the command would
     * share the keys of whoever started mini-docker (keyrings live in the thread's credentials).
     */
    static void joinNewSessionKeyring() {
        try {
            SessionKeyring.joinNew();
        } catch (dev.minidocker.linux.SyscallException e) {
            throw new dev.minidocker.runtime.spec.ContainerStartException(
                    "cannot give the container a session keyring of its own: " + e.getMessage(), e);
        }
    }

    /** execvp's search, with the container's PATH; returns only by reporting the failure. */
    static void exec(List<String> argv, List<String> env) {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("no command specified");
        }
        String command = argv.get(0);
        report(Stage2Protocol.READY, new byte[0], 0);
        int errno;
        if (command.contains("/")) {
            errno = ProcessSyscalls.execve(command, argv, env);
        } else {
            String path = find(env, "PATH=");
            if (path == null) path = DEFAULT_PATH;
            errno = Errno.ENOENT;
            boolean denied = false;
            for (String dir : path.split(":")) {
                String candidate = (dir.isEmpty() ? "." : dir) + "/" + command;
                int e = ProcessSyscalls.execve(candidate, argv, env);
                if (e == Errno.EACCES) denied = true;
                else if (e != Errno.ENOENT && e != Errno.ENOTDIR) {
                    errno = e;
                    break;
                }
            }
            if (errno == Errno.ENOENT && denied) errno = Errno.EACCES;
        }
        report(Stage2Protocol.EXEC_FAILED, command.getBytes(StandardCharsets.UTF_8), errno);
        ProcessSyscalls.exit(Stage2Protocol.FAILURE_EXIT);
    }

    /** The highest capability this kernel knows (Files.readString of this proc file returns "4" of "40"). */
    static int lastCapability() throws IOException {
        try (var in = new java.io.FileInputStream("/proc/sys/kernel/cap_last_cap")) {
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    static String find(List<String> env, String prefix) {
        for (String e : env) if (e.startsWith(prefix)) return e.substring(prefix.length());
        return null;
    }

    /**
     * After pivot_root the class path (a jar, or target/classes in tests) is out of reach, so every
     * class used from then on is loaded now, by running it on sample data.
     */
    static void preloadForAfterPivot() {
        new LinuxMountSyscalls();
        takeStdio(new int[0]);
        UserResolver.resolve("u:g", "u:x:1:1::/:/bin/sh\n", "g:x:1:u\n");
        CapabilitySet.mask(null);
        Training.rehearse();
        for (String name : new String[] {"dev.minidocker.runtime.spec.ContainerStartException",
                "dev.minidocker.linux.SyscallException", "dev.minidocker.linux.Errno",
                "dev.minidocker.linux.CapabilitySyscalls", "dev.minidocker.runtime.init.Credentials",
                "dev.minidocker.linux.NamespaceSyscalls", "dev.minidocker.runtime.init.CgroupJoin$Target",
                "dev.minidocker.linux.Arch", "dev.minidocker.linux.RawSyscall", "dev.minidocker.linux.SessionKeyring"}) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        Errno.describe(Errno.ENOENT);
        find(List.of("A=b"), "A=");
        // What run() does with files after the release (the NIO file and channel classes): a warm
        // stage 2 then loads nothing on the critical path, a cold one does it while it would wait.
        try {
            readOrEmpty("/etc/passwd");
            readOrEmpty("/nonexistent/minidocker");
            lastCapability();
            Files.createDirectories(Path.of("/"));
            Files.isDirectory(Path.of("/"));
            Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
            new java.io.File("/").exists();
            // Opens the jar and indexes it (interpreted, tens of ms) now rather than at the first
            // class after the release that the AOT cache lacks.
            Stage2.class.getResource("/META-INF/MANIFEST.MF");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void report(byte kind, byte[] text, int errno) {
        byte[] msg = new byte[1 + (kind == Stage2Protocol.EXEC_FAILED ? 4 : 0) + text.length];
        msg[0] = kind;
        int off = 1;
        if (kind == Stage2Protocol.EXEC_FAILED) {
            for (int i = 0; i < 4; i++) msg[off++] = (byte) (errno >>> (24 - 8 * i));
        }
        System.arraycopy(text, 0, msg, off, text.length);
        ProcessSyscalls.writeFully(Stage2Protocol.ERROR_FD, msg, 0, msg.length);
    }

    static String readOrEmpty(String path) throws IOException {
        try {
            return new String(Files.readAllBytes(Path.of(path)), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return "";
        }
    }
}
