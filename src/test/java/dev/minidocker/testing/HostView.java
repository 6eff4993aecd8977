package dev.minidocker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host's kernel objects that containers leave behind, read from /proc, /sys and nft, never
 * through the product's own code (the thing under test): cgroup directories, network links and
 * their aliases, nft tables, mounts, and processes' command lines.
 */
final class HostView {
    private HostView() {}

    /** Every cgroup (v1 hierarchy or v2) mount point, from this process's mountinfo. */
    static List<Path> cgroupMounts() {
        List<Path> mounts = new ArrayList<>();
        for (String line : mountinfo()) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) continue;
            String fsType = halves[1].split(" ")[0];
            if (fsType.equals("cgroup") || fsType.equals("cgroup2")) mounts.add(Path.of(halves[0].split(" ")[4]));
        }
        return mounts;
    }

    static List<String> mountinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a network device of this name exists in the host's namespace. */
    static boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    /** Names of the host's network devices whose ifalias is exactly {@code alias} or starts with it. */
    static List<String> linksWithAliasPrefix(String prefix) {
        List<String> found = new ArrayList<>();
        try (var links = Files.list(Path.of("/sys/class/net"))) {
            for (Path link : links.toList()) {
                Optional<String> alias = read(link.resolve("ifalias"));
                if (alias.isPresent() && alias.get().strip().startsWith(prefix)) found.add(link.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The names of all nft tables (any family); fails naming the package when nft is missing. */
    static List<String> nftTables() {
        Tools.require("nft", "nftables");
        List<String> names = new ArrayList<>();
        for (String line : Tools.run("nft", "list", "tables").split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 3 && words[0].equals("table")) names.add(words[2]);
        }
        return names;
    }

    /** Processes (other than this one) whose command line has {@code text} in one of its arguments. */
    static List<ProcessHandle> processesMentioning(String text) {
        List<ProcessHandle> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) continue;
                Optional<String> cmdline = read(p.resolve("cmdline"));
                if (cmdline.isPresent() && cmdline.get().contains(text)) ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static String describe(ProcessHandle p) {
        return p.pid() + " (" + read(Path.of("/proc", Long.toString(p.pid()), "cmdline")).orElse("gone").replace('\0', ' ').strip() + ")";
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    static void stop(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception notYet) {
            p.destroyForcibly();
        }
    }

    /** A small file's content; empty when it is gone (or, like a process's, unreadable now). */
    static Optional<String> read(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException goneOrUnreadable) {
            return Optional.empty();
        }
    }
}
