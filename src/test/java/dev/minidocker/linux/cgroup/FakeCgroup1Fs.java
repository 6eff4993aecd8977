package dev.minidocker.linux.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * cgroup v1 hierarchies on a temp dir, one sub-directory per controller, with the kernel rules
 * that matter: mkdir creates the controller's files, a new cpuset has empty cpus and mems and
 * refuses tasks until both are set, a cpuset's cpus must lie within its parent's (only emptiness
 * is checked), rmdir refuses cgroups with tasks or children. Mutations are
 * recorded relative to the root ("memory/minidocker/c1/memory.limit_in_bytes=67108864").
 */
final class FakeCgroup1Fs implements CgroupFs {
    private static final Map<String, Map<String, String>> FILES = Map.of(
            "memory", Map.of("memory.limit_in_bytes", "9223372036854771712", "memory.usage_in_bytes", "0",
                    "memory.memsw.limit_in_bytes", "9223372036854771712", "memory.failcnt", "0",
                    "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0",
                    "memory.soft_limit_in_bytes", "9223372036854771712"),
            "cpu", Map.of("cpu.cfs_period_us", "100000", "cpu.cfs_quota_us", "-1", "cpu.shares", "1024"),
            "cpuacct", Map.of("cpuacct.usage", "0"),
            "cpuset", Map.of("cpuset.cpus", "", "cpuset.mems", "", "cpuset.effective_cpus", ""),
            "pids", Map.of("pids.max", "max", "pids.current", "0"),
            "freezer", Map.of("freezer.state", "THAWED"),
            "devices", Map.of("devices.allow", "", "devices.deny", "", "devices.list", "a *:* rwm"));

    final Path root;
    final List<String> ops = new ArrayList<>();
    /** Runs before each mkdir, with the directory (a test's concurrent teardown and re-creation). */
    java.util.function.Consumer<Path> beforeMkdir = dir -> {};
    private final boolean swapAccounting;

    FakeCgroup1Fs(Path root, boolean swapAccounting, String... controllers) {
        this.root = root;
        this.swapAccounting = swapAccounting;
        for (String c : controllers) {
            Path mount = root.resolve(c);
            populate(mount, c);
            if (c.equals("cpuset")) {
                put(mount.resolve("cpuset.cpus"), "0-1");
                put(mount.resolve("cpuset.effective_cpus"), "0-1");
                put(mount.resolve("cpuset.mems"), "0");
            }
        }
    }

    Map<String, Path> mounts() {
        Map<String, Path> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(root)) {
            s.forEach(p -> m.put(p.getFileName().toString(), p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    @Override
    public String read(Path file) throws IOException {
        String s = Files.readString(file);
        if (file.getFileName().toString().equals("cgroup.procs")) {
            // Like the kernel, list only tasks that are still alive (tests use real child pids).
            return String.join("\n", s.lines().filter(l -> ProcessHandle.of(Long.parseLong(l))
                    .map(ProcessHandle::isAlive).orElse(false)).toList());
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    String readQuietly(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(Path file, String value) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        ops.add(root.relativize(file) + "=" + value);
        Path dir = file.getParent();
        if (file.getFileName().toString().equals("cgroup.procs")) {
            if (Files.exists(dir.resolve("cpuset.cpus"))
                    && (read(dir.resolve("cpuset.cpus")).isEmpty() || read(dir.resolve("cpuset.mems")).isEmpty())) {
                throw new FileSystemException(file.toString(), null, "No space left on device");
            }
            put(file, read(file) + value + "\n");
        } else if (file.getFileName().toString().equals("cpuset.cpus") && !value.isEmpty()
                && Files.exists(dir.getParent().resolve("cpuset.cpus")) && read(dir.getParent().resolve("cpuset.cpus")).isEmpty()) {
            throw new FileSystemException(file.toString(), null, "Permission denied");
        } else if (file.getFileName().toString().equals("memory.oom_control")) {
            put(file, "oom_kill_disable " + value + "\nunder_oom 0\noom_kill 0");
        } else {
            put(file, value);
        }
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        beforeMkdir.accept(dir);
        if (Files.exists(dir)) throw new java.nio.file.FileAlreadyExistsException(dir.toString());
        if (!Files.isDirectory(dir.getParent())) throw new NoSuchFileException(dir.toString());
        ops.add("mkdir " + root.relativize(dir));
        populate(dir, root.relativize(dir).getName(0).toString());
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString());
        if (!read(dir.resolve("cgroup.procs")).isEmpty() || !subdirs(dir).isEmpty()) {
            throw new FileSystemException(dir.toString(), null, "Device or resource busy");
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

    List<String> writes() {
        return ops.stream().filter(o -> o.contains("=")).toList();
    }

    void put(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void populate(Path dir, String controller) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        put(dir.resolve("cgroup.procs"), "");
        FILES.getOrDefault(controller, Map.of()).forEach((name, v) -> {
            if (!name.startsWith("memory.memsw") || swapAccounting) put(dir.resolve(name), v);
        });
    }
}
