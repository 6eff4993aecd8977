package dev.minidocker.network;

import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.state.FileLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Hands out a network's addresses. Each allocation is a file {@code addresses/<ip>} naming the
 * container and the process that owns it ("id pid starttime"); allocating and releasing take the
 * network's file lock, so concurrent runs (other processes or threads) never get the same address.
 * Allocations whose owner died without releasing (a crash) are reclaimed when found.
 */
public final class AddressAllocator {
    private final Path dir;
    private final Subnet subnet;

    /** One allocation as its file records it. */
    public record Allocation(int address, String containerId, long ownerPid, long ownerStartTime) {}

    public AddressAllocator(Path networkDir, Subnet subnet) {
        this.dir = networkDir;
        this.subnet = subnet;
    }

    /** The network's lock: allocation and /etc/hosts updates of its members happen under it. */
    public FileLock lock() {
        try {
            StoreFiles.createDirectories(dir.resolve("addresses"));
            return FileLock.acquire(dir.resolve("lock"));
        } catch (IOException e) {
            throw new UncheckedIOException("lock network dir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The lowest free address for {@code containerId}; the caller holds {@link #lock()}. */
    public int allocate(String containerId, long ownerPid, long ownerStartTime) {
        return allocate(containerId, ownerPid, ownerStartTime, null);
    }

    /** As above; {@code requested} (--ip) must be a free host address of the subnet: Docker's messages otherwise. */
    public int allocate(String containerId, long ownerPid, long ownerStartTime, Integer requested) {
        Set<Integer> used = new HashSet<>();
        for (Allocation a : list()) used.add(a.address());
        if (requested != null) {
            if (requested < subnet.firstHost() || requested > subnet.lastHost()) {
                throw new MiniDockerException("no available IPv4 addresses on this network's address pools: "
                        + dir.getFileName() + " (" + Subnet.format(requested) + " is not in " + subnet + ")");
            }
            if (used.contains(requested)) throw new MiniDockerException("Address already in use");
            write(requested, containerId + " " + ownerPid + " " + ownerStartTime);
            return requested;
        }
        for (int ip = subnet.firstHost(); ip <= subnet.lastHost(); ip++) {
            if (used.contains(ip)) continue;
            write(ip, containerId + " " + ownerPid + " " + ownerStartTime);
            return ip;
        }
        throw new MiniDockerException("no free address left in network " + dir.getFileName() + " (" + subnet + ")");
    }

    /** Removes allocations whose owner is gone; returns them. The caller holds {@link #lock()}. */
    public List<Allocation> reclaim(Predicate<Allocation> live) {
        List<Allocation> stale = new ArrayList<>();
        for (Allocation a : list()) {
            if (!live.test(a)) {
                release(a.address(), a.containerId());
                stale.add(a);
            }
        }
        return stale;
    }

    /** Frees {@code ip} if {@code containerId} still holds it. */
    public void release(int ip, String containerId) {
        Path f = dir.resolve("addresses").resolve(Subnet.format(ip));
        try {
            String owner = Files.readString(f, StandardCharsets.US_ASCII);
            if (owner.startsWith(containerId + " ")) Files.deleteIfExists(f);
        } catch (NoSuchFileException gone) {
            // released already
        } catch (IOException e) {
            throw new UncheckedIOException("release " + f + ": " + e.getMessage(), e);
        }
    }

    /** Every current allocation. */
    public List<Allocation> list() {
        List<Allocation> all = new ArrayList<>();
        Path addresses = dir.resolve("addresses");
        if (!Files.isDirectory(addresses)) return all;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(addresses)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) continue;
                String[] owner;
                try {
                    owner = Files.readString(p, StandardCharsets.US_ASCII).trim().split(" ");
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (owner.length != 3) continue;
                all.add(new Allocation(Subnet.parseIp(name), owner[0], Long.parseLong(owner[1]), Long.parseLong(owner[2])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list " + addresses + ": " + e.getMessage(), e);
        }
        return all;
    }

    private void write(int ip, String owner) {
        Path f = dir.resolve("addresses").resolve(Subnet.format(ip));
        try {
            Path tmp = dir.resolve("addresses").resolve("." + Subnet.format(ip) + ".tmp");
            StoreFiles.write(tmp, owner.getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("allocate " + f + ": " + e.getMessage(), e);
        }
    }
}
