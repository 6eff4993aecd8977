package dev.minidocker.linux.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cgroup v2 tree on a temp dir that follows the kernel's rules closely enough to test against:
 * mkdir populates control files for the controllers the parent delegates, subtree_control only
 * accepts available controllers, cgroup.procs refuses inner nodes with controllers, rmdir refuses
 * populated or non-leaf cgroups, control files cannot be created. Every mutation is recorded as
 * "mkdir minidocker", "minidocker/c1/memory.max=67108864" or "rmdir minidocker/c1".
 */
final class FakeCgroup2Fs implements CgroupFs {
    private static final Map<String, Map<String, String>> CONTROLLER_FILES = Map.of(
            "memory", Map.of("memory.max", "max", "memory.swap.max", "max", "memory.current", "0", "memory.low", "0",
                    "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0"),
            "cpu", Map.of("cpu.max", "max 100000", "cpu.weight", "100"),
            "cpuset", Map.of("cpuset.cpus", "", "cpuset.cpus.effective", "0-1", "cpuset.mems", ""),
            "pids", Map.of("pids.max", "max", "pids.current", "0"));

    final Path root;
    final List<String> ops = new ArrayList<>();
    private final boolean swapAccounting;

    /** A root with these controllers available (cgroup.controllers) and effective CPUs. */
    FakeCgroup2Fs(Path root, String controllers, String effectiveCpus, boolean swapAccounting) {
        this.root = root;
        this.swapAccounting = swapAccounting;
        put(root.resolve("cgroup.controllers"), controllers);
        put(root.resolve("cgroup.subtree_control"), "");
        put(root.resolve("cgroup.procs"), "1\n");
        put(root.resolve("cpu.stat"), "usage_usec 0");
        put(root.resolve("cpuset.cpus.effective"), effectiveCpus);
    }

    @Override
    public String read(Path file) throws IOException {
        String s = Files.readString(file);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void write(Path file, String value) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        ops.add(root.relativize(file) + "=" + value);
        Path dir = file.getParent();
        switch (file.getFileName().toString()) {
            case "cgroup.subtree_control" -> {
                Set<String> available = words(dir.resolve("cgroup.controllers"));
                Set<String> enabled = words(file);
                for (String token : value.trim().split("\\s+")) {
                    String c = token.substring(1);
                    if (!available.contains(c)) throw errno(file, "No such file or directory");
                    if (!dir.equals(root) && !read(dir.resolve("cgroup.procs")).isEmpty()) {
                        throw errno(file, "Device or resource busy"); // no internal processes
                    }
                    if (token.startsWith("+")) enabled.add(c); else enabled.remove(c);
                }
                put(file, String.join(" ", enabled));
            }
            case "cgroup.procs" -> {
                if (!dir.equals(root) && !words(dir.resolve("cgroup.subtree_control")).isEmpty()) {
                    throw errno(file, "Device or resource busy"); // no internal processes
                }
                put(file, read(file) + value + "\n");
                put(dir.resolve("cgroup.events"), "populated 1\nfrozen 0");
            }
            case "cgroup.kill" -> {
                put(dir.resolve("cgroup.procs"), "");
                put(dir.resolve("cgroup.events"), "populated 0\nfrozen 0");
            }
            case "cgroup.freeze" -> {
                // the kernel reports the state in cgroup.events once every task stopped
                put(file, value);
                String populated = read(dir.resolve("cgroup.events")).lines().filter(l -> l.startsWith("populated"))
                        .findFirst().orElse("populated 0");
                put(dir.resolve("cgroup.events"), populated + "\nfrozen " + value.trim());
            }
            default -> put(file, value);
        }
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
        ops.add("mkdir " + root.relativize(dir));
        put(dir.resolve("cgroup.controllers"), String.join(" ", words(dir.getParent().resolve("cgroup.subtree_control"))));
        put(dir.resolve("cgroup.subtree_control"), "");
        put(dir.resolve("cgroup.procs"), "");
        put(dir.resolve("cgroup.events"), "populated 0\nfrozen 0");
        put(dir.resolve("cgroup.kill"), "");
        put(dir.resolve("cgroup.freeze"), "0");
        put(dir.resolve("cpu.stat"), "usage_usec 0");
        for (String c : words(dir.resolve("cgroup.controllers"))) {
            CONTROLLER_FILES.getOrDefault(c, Map.of()).forEach((name, v) -> {
                if (!name.equals("memory.swap.max") || swapAccounting) put(dir.resolve(name), v);
            });
        }
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString());
        if (!read(dir.resolve("cgroup.procs")).isEmpty() || !subdirs(dir).isEmpty()) {
            throw errno(dir, "Device or resource busy");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(dir);
        ops.add("rmdir " + root.relativize(dir));
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public List<Path> subdirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    /** Only the writes (not mkdir/rmdir), in order. */
    List<String> writes() {
        return ops.stream().filter(o -> o.contains("=")).toList();
    }

    /** Test-side direct edit, as the kernel would update a counter; not recorded. */
    void put(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Set<String> words(Path file) throws UncheckedIOException {
        try {
            String s = Files.exists(file) ? Files.readString(file).trim() : "";
            return new LinkedHashSet<>(s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileSystemException errno(Path file, String reason) {
        return new FileSystemException(file.toString(), null, reason);
    }
}
