package dev.minidocker.daemon;

import dev.minidocker.fs.StoreFiles;
import dev.minidocker.linux.FileFlags;
import dev.minidocker.linux.LinuxFileSyscalls;
import dev.minidocker.linux.PosixSpawn;
import dev.minidocker.linux.ProcessSyscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code mini-docker daemon} in the background for a CLI that found none: the same java
 * and class path as this process, its own session (setsid, so the terminal's hang-up or ^C never
 * reaches it), stdin from /dev/null, stdout and stderr appended to {@code <root>/daemon.log}.
 */
final class DaemonSpawner {
    /**
     * The daemon's JVM: a small serial-GC heap. It holds little (container records are on disk),
     * and its resident memory counts against the budget for idle containers. Core reflection
     * (Jackson's, on every wire type it meets first) through native accessors: the JDK's default
     * spins method-handle classes for each reflected member, ~80 at the daemon's start, interpreted
     * and then compiled on the cores the user's next run needs (its CPU until idle: 300 -> 250 ms,
     * the median of 6 fresh stores each, alternating; warm runs through it unchanged). Its log
     * (daemon.log) gets the JVM's warnings but not the AOT cache's messages, as the launcher's
     * commands do: JDK 25's cache warned at every start that it could not link one adapter.
     */
    static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
            "-Xms4m", "-Xmx64m", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=24m",
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xss512k", "-XX:+ExitOnOutOfMemoryError",
            "-Djdk.reflect.useNativeAccessorOnly=true", "-Xlog:disable", "-Xlog:all=warning,aot*=off,cds*=off:stderr");

    private DaemonSpawner() {}

    /** Spawns the daemon and returns its pid; it is reaped by a background thread if it exits early. */
    static long spawn(DaemonPaths paths, DaemonAddress address) {
        LinuxFileSyscalls files = new LinuxFileSyscalls();
        try {
            StoreFiles.createDirectories(paths.root());
        } catch (IOException e) {
            throw new dev.minidocker.MiniDockerException("cannot create " + paths.root() + ": " + e.getMessage(), e);
        }
        int devNull = files.open("/dev/null", FileFlags.O_RDONLY | FileFlags.O_CLOEXEC, 0);
        int log = -1;
        try {
            log = files.open(paths.logFile().toString(),
                    FileFlags.O_WRONLY | FileFlags.O_CREAT | FileFlags.O_APPEND | FileFlags.O_CLOEXEC, 0600);
            int[] fdMap = {ProcessSyscalls.dupAbove(devNull, 10), ProcessSyscalls.dupAbove(log, 10), -1};
            fdMap[2] = fdMap[1];
            try {
                List<String> argv = argv(paths, address);
                int pid = PosixSpawn.spawn(argv.getFirst(), argv, environment(), fdMap, true);
                reapInBackground(pid);
                return pid;
            } finally {
                ProcessSyscalls.close(fdMap[0]);
                ProcessSyscalls.close(fdMap[1]);
            }
        } finally {
            files.close(devNull);
            if (log >= 0) files.close(log);
        }
    }

    static List<String> argv(DaemonPaths paths, DaemonAddress address) {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(JVM_FLAGS);
        argv.add(classDataFlag(System.getenv("MINIDOCKER_JAR"), System.getProperty("java.class.path")));
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add("dev.minidocker.cli.Main");
        argv.add("--root");
        argv.add(paths.root().toString());
        argv.add("daemon");
        argv.add("--host");
        argv.add(address.toString());
        return argv;
    }

    /**
     * The daemon's own AOT cache beside the jar (scripts/make-aot-cache trains it on runs through a
     * real daemon, as root), else the CLI's, each only when made for this jar (JDK 25+) and the daemon
     * runs from that jar; otherwise the JDK's own class data. The CLI's cache leaves out the daemon's
     * ~100 classes of its own (70 read from the jar at its start, 28 in its first run); with the
     * CLI's, the daemon answered ~130 ms sooner than with none (420 against 550 ms).
     */
    static String classDataFlag(String launcherJar, String classPath) {
        if (launcherJar == null || !launcherJar.equals(classPath) || Runtime.version().feature() < 25) return "-Xshare:auto";
        Path jar = Path.of(launcherJar);
        for (String name : List.of("mini-docker-daemon.aot", "mini-docker.aot")) {
            Path cache = jar.resolveSibling(name);
            try {
                if (Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) >= 0) return "-XX:AOTCache=" + cache;
            } catch (IOException e) {
                // no such cache (yet): the next one
            }
        }
        return "-Xshare:auto";
    }

    private static List<String> environment() {
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getKey().equals("JAVA_TOOL_OPTIONS") || e.getKey().equals("JDK_JAVA_OPTIONS")) continue;
            env.add(e.getKey() + "=" + e.getValue());
        }
        return env;
    }

    /**
     * The daemon is our child until we exit; a thread reaps it if it ends first, so that it never
     * lingers as a zombie. It polls (WNOHANG, then sleeps) rather than blocking in waitpid: the
     * JVM's exit waits up to 300 ms for threads inside a native call, which was most of the
     * first run's cost (the run that leaves the daemon starting, cli/DaemonAutostart).
     */
    private static void reapInBackground(int pid) {
        Thread t = new Thread(new Reaper(pid), "daemon-reaper");
        t.setDaemon(true);
        t.start();
    }

    private record Reaper(int pid) implements Runnable {
        @Override
        public void run() {
            try {
                for (long pause = 50; !ProcessSyscalls.reapIfEnded(pid); pause = Math.min(pause * 2, 2000)) {
                    Thread.sleep(pause);
                }
            } catch (InterruptedException | RuntimeException e) {
                // the JVM is going away, or the pid is not ours to wait for: nothing to reap
            }
        }
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The last lines of the daemon's log, for an error message. */
    static String logTail(DaemonPaths paths) {
        try {
            List<String> lines = Files.readAllLines(paths.logFile());
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log at " + paths.logFile() + ")";
        }
    }
}
