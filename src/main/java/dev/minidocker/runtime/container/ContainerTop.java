package dev.minidocker.runtime.container;

import dev.minidocker.MiniDockerException;
import dev.minidocker.linux.cgroup.CgroupManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code top}: the processes in a container's cgroup with the columns of {@code ps -ef} (what
 * Docker runs by default), read from /proc of the host.
 */
public final class ContainerTop {
    public static final List<String> HEADER = List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
    private static final long TICKS = 100; // USER_HZ on Linux x86_64 and aarch64

    private ContainerTop() {}

    /**
     * {@code top CONTAINER PS-OPTIONS} as Docker does it: the host's {@code ps} with those options
     * (limited to the container's pids with {@code -q}, or, for options that refuse it, all of the
     * host's), its header, and the rows whose PID is one of the container's. The header first.
     */
    public static List<List<String>> listWithPs(String containerId, List<String> psArgs) {
        List<Integer> pids = CgroupManager.detect().open(containerId).map(c -> c.pids()).orElse(List.of());
        List<String> limited = new ArrayList<>(psArgs);
        limited.add("-q");
        limited.add(pids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        String out;
        try {
            out = ps(limited);
        } catch (MiniDockerException refusedWithQ) {
            out = ps(psArgs);
        }
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) throw new MiniDockerException("ps printed nothing for " + String.join(" ", psArgs));
        List<String> header = List.of(lines.getFirst().trim().split("\\s+"));
        int pidColumn = header.indexOf("PID");
        if (pidColumn < 0) throw new MiniDockerException("Couldn't find PID field in ps output");
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.trim().split("\\s+", header.size()); // the last column (the command) keeps its spaces
            if (cells.length <= pidColumn) continue;
            try {
                if (pids.contains(Integer.parseInt(cells[pidColumn]))) rows.add(List.of(cells));
            } catch (NumberFormatException notARow) {
                // a ps option that prints more than one header or a summary
            }
        }
        return rows;
    }

    private static String ps(List<String> args) {
        List<String> command = new ArrayList<>(List.of("ps"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new MiniDockerException("ps " + String.join(" ", args) + ": " + out.strip());
            return out;
        } catch (IOException e) {
            throw new MiniDockerException("cannot run ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MiniDockerException("interrupted", e);
        }
    }

    /** One row per process, sorted by pid; processes that exit while we read are skipped. */
    public static List<List<String>> list(String containerId) {
        List<Integer> pids = CgroupManager.detect().open(containerId).map(c -> c.pids()).orElse(List.of());
        Map<Integer, String> users = users();
        double uptime = uptimeSeconds();
        long bootMillis = System.currentTimeMillis() - (long) (uptime * 1000);
        List<List<String>> rows = new ArrayList<>();
        for (int pid : pids.stream().sorted().toList()) {
            try {
                String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // f[0] is field 3 (state): ppid f[1], tty_nr f[4], utime f[11], stime f[12], starttime f[19]
                long cpuTicks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                long startTicks = Long.parseLong(f[19]);
                double running = Math.max(0.01, uptime - startTicks / (double) TICKS);
                int c = (int) Math.min(99, cpuTicks / (double) TICKS / running * 100);
                String stime = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault())
                        .format(Instant.ofEpochMilli(bootMillis + startTicks * 1000 / TICKS));
                long secs = cpuTicks / TICKS;
                String time = String.format("%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
                int uid = uid(pid);
                rows.add(List.of(users.getOrDefault(uid, Integer.toString(uid)), Integer.toString(pid), f[1],
                        Integer.toString(c), stime, tty(Integer.parseInt(f[4])), time, cmdline(pid, comm)));
            } catch (IOException | RuntimeException gone) {
                // exited between the listing and the read
            }
        }
        return rows;
    }

    private static String cmdline(int pid, String comm) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
        if (raw.length == 0) return "[" + comm + "]";
        String s = new String(raw, StandardCharsets.UTF_8);
        if (s.endsWith("\0")) s = s.substring(0, s.length() - 1);
        return s.replace('\0', ' ');
    }

    private static int uid(int pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
        }
        return -1;
    }

    private static String tty(int ttyNr) {
        if (ttyNr == 0) return "?";
        int major = (ttyNr >> 8) & 0xfff, minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
        return major == 136 ? "pts/" + minor : major + "/" + minor;
    }

    private static Map<Integer, String> users() {
        Map<Integer, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2) m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
            }
        } catch (IOException | RuntimeException ignored) {
            // numbers then
        }
        return m;
    }

    private static double uptimeSeconds() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        } catch (IOException e) {
            return 0;
        }
    }
}
