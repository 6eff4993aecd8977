package dev.minidocker.engine;

import dev.minidocker.image.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /version and /info report about the machine, read from /proc (no system calls needed). */
public final class HostFacts {
    private HostFacts() {}

    public static String kernelVersion() {
        return read("/proc/sys/kernel/osrelease", "unknown");
    }

    public static String hostname() {
        return read("/proc/sys/kernel/hostname", "localhost");
    }

    /** Go's name for the CPU architecture (amd64, arm64), which Docker reports. */
    public static String goArch() {
        return Platform.host().architecture();
    }

    /** uname's name (x86_64, aarch64), which /info reports as Architecture. */
    public static String unameArch() {
        return switch (goArch()) {
            case "amd64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> goArch();
        };
    }

    public static long memTotalBytes() {
        for (String line : read("/proc/meminfo", "").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    public static String operatingSystem() {
        for (String line : read("/etc/os-release", "").split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
        }
        return "Linux";
    }

    public static String cgroupVersion() {
        return Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
    }

    /**
     * The host's CPU time in nanoseconds, every CPU and state (idle too) from /proc/stat's first
     * line: Docker's {@code system_cpu_usage}, the denominator of {@code docker stats}' CPU %.
     */
    public static long systemCpuNanos() {
        String line = read("/proc/stat", "cpu 0").lines().findFirst().orElse("cpu 0");
        long jiffies = 0;
        String[] f = line.trim().split("\\s+");
        for (int i = 1; i < f.length && i <= 8; i++) jiffies += Long.parseLong(f[i]);
        return jiffies * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static String read(String file, String fallback) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return fallback;
        }
    }
}
