package dev.minidocker.linux.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CgroupFs on the real cgroupfs through java.nio. Plain file I/O is what cgroupfs is made for:
 * a write(2) of the value, read until EOF, mkdir(2) and rmdir(2).
 */
final class NioCgroupFs implements CgroupFs {
    static final NioCgroupFs INSTANCE = new NioCgroupFs();

    @Override
    public String read(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void write(Path file, String value) throws IOException {
        // No CREATE: a missing control file means the controller is absent, and must say so.
        Files.write(file, value.getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        Files.delete(dir);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public List<Path> subdirs(Path dir) throws IOException {
        try {
            // A cgroup directory's link count is 2 plus its subdirectories (kernfs keeps it so, v1
            // and v2): a leaf, as nearly every container's cgroup is, needs no listing of its
            // dozens of control files, each one stat'ed to tell it from a directory.
            if (Files.getAttribute(dir, "unix:nlink") instanceof Integer links && links == 2) return List.of();
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Path> result = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(Files::isDirectory).forEach(result::add);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return result;
    }
}
