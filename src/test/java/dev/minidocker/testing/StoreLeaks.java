package dev.minidocker.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.cli.Main;
import dev.minidocker.runtime.host.CgroupFactory;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What one test store left on the host, found by the store's own names, so that a check neither
 * misses this store's leaks nor sees other suites' containers on the same machine. The ids are
 * every container the store ever made: {@code <root>/containers} is watched (inotify) from
 * {@link #watch} on, so {@code --rm} containers whose records are gone still count. For each: its
 * cgroup in every hierarchy (with processes in it or not), a record still saying running, its veth,
 * port table, port and address reservations, mounts. For the store: processes naming its root (a
 * daemon, a CLI), and, after a {@code network prune} of it, its bridges (by their ifalias), NAT
 * tables and subnet reservations. {@link #assertNothingLeft} looks first, then stops the store's
 * processes and removes its containers and cgroups, so a failed or timed-out test leaves none
 * running; network leftovers of deleted stores go at the end of the run ({@link NetworkLeftovers}).
 */
public final class StoreLeaks {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final Path PORTS = Path.of("/run/minidocker/ports");
    private static final Path SUBNETS = Path.of("/run/minidocker/subnets");

    private final Path root;
    private final Path containers;
    private final WatchService watch;
    private final Set<String> ids = new TreeSet<>();
    private boolean overflowed;

    private StoreLeaks(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.containers = Files.createDirectories(this.root.resolve("containers"));
        this.watch = FileSystems.getDefault().newWatchService();
        containers.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
    }

    /** Starts watching the store at {@code root} (created if missing): call before it makes a container. */
    public static StoreLeaks watch(Path root) {
        try {
            return new StoreLeaks(root);
        } catch (IOException e) {
            throw new UncheckedIOException("watch " + root + "/containers: " + e.getMessage(), e);
        }
    }

    /** Every container id this store has had since {@link #watch}, removed or not. */
    public Set<String> containerIds() {
        drainEvents();
        ids.addAll(new ContainerStore(root).ids());
        return Set.copyOf(ids);
    }

    /**
     * Fails naming everything the store left: its containers' objects and processes, then (after
     * {@code network prune}, which must succeed) its networks. Call once, at the end of the test.
     */
    public void assertNothingLeft() {
        List<String> leaks = new ArrayList<>();
        Set<String> all;
        try {
            all = containerIds();
        } finally {
            closeWatch();
        }
        if (overflowed) leaks.add("inotify queue overflowed: container ids may be missing");
        List<ProcessHandle> processes = HostView.processesMentioning(root.toString());
        for (ProcessHandle p : processes) leaks.add("process " + HostView.describe(p) + " still runs");
        leaks.addAll(containerLeaks(all));
        Set<String> bridges = bridges();
        removeContainers(all, processes, leaks);   // before the prune: it keeps networks with members
        int pruned = Main.run("--root", root.toString(), "network", "prune");
        if (pruned != 0) leaks.add("network prune of the store exited " + pruned);
        leaks.addAll(networkLeaks(bridges));
        if (!leaks.isEmpty()) {
            throw new AssertionError("store " + root + " (containers " + shortIds(all) + ") left behind:\n  "
                    + String.join("\n  ", leaks));
        }
    }

    private List<String> containerLeaks(Set<String> all) {
        List<String> leaks = new ArrayList<>();
        ContainerStore store = new ContainerStore(root);
        List<Path> hierarchies = HostView.cgroupMounts();
        List<String> tables = HostView.nftTables();
        List<String> mounts = HostView.mountinfo();
        for (String id : all) {
            String shortId = id.substring(0, 12);
            Optional<ContainerState> state = store.state(id);
            if (state.isPresent() && state.get().isRunning()) leaks.add("container " + shortId + " still running (pid " + state.get().pid() + ")");
            for (Path h : hierarchies) {
                Path cgroup = h.resolve("minidocker").resolve(id);
                if (Files.isDirectory(cgroup)) {
                    String procs = HostView.read(cgroup.resolve("cgroup.procs")).orElse("").strip().replace('\n', ' ');
                    leaks.add("cgroup " + cgroup + (procs.isEmpty() ? " (empty)" : " holding " + procs));
                }
            }
            if (HostView.linkExists("veth" + id.substring(0, 11))) leaks.add("link veth" + id.substring(0, 11));
            if (tables.contains("minidocker-p-" + shortId)) leaks.add("nft table minidocker-p-" + shortId);
            for (Path f : filesHolding(PORTS, id)) leaks.add("port reservation " + f);
            for (Path f : filesHolding(root.resolve("networks"), id)) leaks.add("address allocation " + f);
            for (String m : mounts) if (m.contains(id)) leaks.add("mount " + m);
        }
        for (String m : mounts) if (m.contains(root.toString())) leaks.add("mount " + m);
        return leaks;
    }

    private List<String> networkLeaks(Set<String> bridgesBeforePrune) {
        List<String> leaks = new ArrayList<>();
        Set<String> bridges = new LinkedHashSet<>(bridgesBeforePrune);
        List<String> aliased = HostView.linksWithAliasPrefix("minidocker " + root + " ");
        bridges.addAll(aliased);
        List<String> tables = HostView.nftTables();
        for (String b : bridges) {
            if (aliased.contains(b)) leaks.add("bridge " + b + " (its ifalias names this store)");
            else if (HostView.linkExists(b)) leaks.add("bridge " + b);
            if (tables.contains("minidocker-" + b)) leaks.add("nft table minidocker-" + b);
        }
        for (Path f : listOrEmpty(SUBNETS)) {
            if (HostView.read(f).orElse("").split("\n")[0].equals(root.toString())) leaks.add("subnet reservation " + f);
        }
        return leaks;
    }

    /** The store's bridges: named by its network records, or by their ifalias. */
    private Set<String> bridges() {
        Set<String> bridges = new LinkedHashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (Path f : listOrEmpty(root.resolve("networks"))) {
            if (!f.toString().endsWith(".json")) continue;
            try {
                String bridge = json.readTree(f.toFile()).path("Bridge").asText();
                if (!bridge.isEmpty()) bridges.add(bridge);
            } catch (IOException e) {
                throw new UncheckedIOException("read " + f + ": " + e.getMessage(), e);
            }
        }
        bridges.addAll(HostView.linksWithAliasPrefix("minidocker " + root + " "));
        return bridges;
    }

    /** Stops the store's processes, removes its records (rm -f) and any cgroup still there. */
    private void removeContainers(Set<String> all, List<ProcessHandle> processes, List<String> leaks) {
        for (ProcessHandle p : processes) HostView.stop(p);
        for (String id : new ContainerStore(root).ids()) {
            try {
                int code = Main.run("--root", root.toString(), "rm", "-f", id);
                if (code != 0) leaks.add("cleanup: rm -f " + id + " exited " + code);
            } catch (RuntimeException e) {
                leaks.add("cleanup: rm -f " + id + ": " + e);
            }
        }
        CgroupFactory cgroups = new CgroupManagerFactory();
        for (String id : all) {
            try {
                Optional<CgroupFactory.Handle> cgroup = cgroups.open(id);
                if (cgroup.isPresent()) {
                    cgroup.get().killAll();
                    cgroup.get().destroy();
                }
            } catch (RuntimeException e) {
                leaks.add("cleanup: cgroup of " + id + ": " + e);
            }
        }
    }

    /** Files (one level of directories deep) whose content starts with "{@code id} ". */
    private static List<Path> filesHolding(Path dir, String id) {
        List<Path> found = new ArrayList<>();
        for (Path p : listOrEmpty(dir)) {
            if (Files.isDirectory(p)) {
                for (Path q : listOrEmpty(p.resolve("addresses"))) {
                    if (HostView.read(q).orElse("").startsWith(id + " ")) found.add(q);
                }
            } else if (HostView.read(p).orElse("").startsWith(id + " ")) {
                found.add(p);
            }
        }
        return found;
    }

    private static List<Path> listOrEmpty(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the watch's events up to now: a sentinel file is created and events are read until
     * its own arrives (inotify keeps order), so no container created before this call is missed.
     */
    private void drainEvents() {
        Path sentinel = containers.resolve(".leak-check-" + System.nanoTime());
        try {
            Files.createFile(sentinel);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean seen = false;
            while (!seen) {
                WatchKey key = watch.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (key == null) throw new AssertionError("inotify: the sentinel's event never came for " + containers);
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflowed = true;
                        continue;
                    }
                    String name = e.context().toString();
                    if (name.equals(sentinel.getFileName().toString())) seen = true;
                    else if (ID.matcher(name).matches()) ids.add(name);
                }
                key.reset();
            }
            Files.delete(sentinel);
        } catch (IOException e) {
            throw new UncheckedIOException("read the events of " + containers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while reading the events of " + containers, e);
        }
    }

    private void closeWatch() {
        try {
            watch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortIds(Set<String> all) {
        return all.stream().map(id -> id.substring(0, 12)).toList().toString();
    }
}
