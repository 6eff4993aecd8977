package dev.minidocker.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Who we are and whether a process still exists. A pid alone does not identify a process (pids are
 * reused), so callers keep the start time (field 22 of /proc/PID/stat, clock ticks since boot)
 * next to it and compare both.
 */
public final class ProcessIdentity {
    private ProcessIdentity() {}

    /** Loaded on first use only: the liveness checks below then never start FFM (~30 ms of CPU in a short-lived JVM). */
    private static final class Euid {
        static final java.lang.foreign.MemorySegment GETEUID = Native.function("geteuid");
    }

    /** geteuid(2); cannot fail. */
    public static int effectiveUid() {
        try (java.lang.foreign.Arena a = java.lang.foreign.Arena.ofConfined()) {
            return (int) Native.call(Euid.GETEUID, Native.errnoSegment(a));
        }
    }

    /** The start time of the process, or empty if it does not exist (or is a zombie being reaped). */
    public static OptionalLong startTime(long pid) {
        if (pid <= 0) return OptionalLong.empty();
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return parseStartTime(stat);
    }

    /** True if pid is alive and is the same process that started at startTime (0: do not compare). */
    public static boolean isAlive(long pid, long startTime) {
        OptionalLong actual = startTime(pid);
        return actual.isPresent() && (startTime == 0 || actual.getAsLong() == startTime);
    }

    /**
     * The fields of a /proc/PID/stat (or task) line after the command: [0] is field 3 (state),
     * field N is [N - 3]. The command (field 2) may hold spaces and parentheses; empty if malformed.
     */
    static String[] statFieldsAfterCommand(String stat) {
        int close = stat.lastIndexOf(')');
        return close < 0 ? new String[0] : stat.substring(close + 1).trim().split("\\s+");
    }

    /** Field 22 of a /proc/PID/stat line. */
    static OptionalLong parseStartTime(String stat) {
        String[] rest = statFieldsAfterCommand(stat);
        // A zombie (Z) has exited already.
        if (rest.length < 20 || rest[0].equals("Z") || rest[0].equals("X")) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(rest[19]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
