package dev.minidocker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The launchers' check that no source is newer than the jar, finished in the JVM. The check (find,
 * ~3 ms) runs beside the JVM's start-up instead of before it: the launcher starts it in the
 * background, writing to a pipe, and names the pipe in {@link #CHECK} ("FD PID LAUNCHER": the
 * launcher's pid, which its exec kept, so that a JVM this one starts never reads the variable as its
 * own). An entry point calls {@link #rerunIfStale} first: when a source changed, the launcher runs
 * again with {@link #REBUILD}=1 (it builds, then runs the command) on this JVM's arguments and stdio,
 * and its exit status becomes this command's.
 */
public final class JarFreshness {
    static final String CHECK = "MINIDOCKER_FRESHNESS";
    static final String REBUILD = "MINIDOCKER_REBUILD";

    private JarFreshness() {}

    /**
     * @param failure the status when the launcher cannot be run again (the CLI's 125, the runtime's 1)
     * @return the status of the launcher run again for a stale jar; empty when the jar is fresh or nothing was checked
     */
    public static OptionalInt rerunIfStale(String[] args, int failure) {
        Check check = Check.parse(System.getenv(CHECK), ProcessHandle.current().pid());
        if (check == null || !changed(Path.of("/proc/self/fd/" + check.fd()))) return OptionalInt.empty();
        return OptionalInt.of(rerun(check.launcher(), args, failure));
    }

    /** What {@link #rerunIfStale} loads when the jar is fresh, for the AOT trainings (a class their cache lacks is read from the jar). */
    public static void rehearse() {
        Check.parse(null, 0);
        changed(Path.of("/dev/null"));
    }

    /** What the launcher left: its pipe's descriptor and its path; null when the variable is not this process's. */
    record Check(int fd, String launcher) {
        static Check parse(String value, long ownPid) {
            if (value == null) return null;
            String[] parts = value.split(" ", 3);
            try {
                if (parts.length != 3 || Long.parseLong(parts[1]) != ownPid) return null;
                return new Check(Integer.parseInt(parts[0]), parts[2]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** find's answer: a path when something under the sources is newer than the jar (read to its end). */
    static boolean changed(Path answer) {
        try {
            return Files.readAllBytes(answer).length > 0;
        } catch (IOException e) {
            return false; // no answer: run as the launcher found it
        }
    }

    private static int rerun(String launcher, String[] args, int failure) {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.remove(CHECK);
        env.put(REBUILD, "1");
        // Ctrl-C reaches the new launcher itself (same process group); this JVM only waits for it.
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        try {
            Process process = builder.start();
            Signal.handle(new Signal("TERM"), signal -> process.destroy());
            return process.waitFor();
        } catch (IOException e) {
            System.err.println(launcher + ": cannot run it again to rebuild the jar: " + e.getMessage());
            return failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure;
        }
    }
}
