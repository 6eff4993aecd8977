package dev.minidocker.network;

import dev.minidocker.model.PortSpec;
import dev.minidocker.model.PortBinding;
import dev.minidocker.MiniDockerException;
import dev.minidocker.fs.StoreFiles;
import dev.minidocker.state.FileLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Host ports published by mini-docker containers of every store on this machine:
 * {@code /run/minidocker/ports/<proto>-<port>-<hostIp>} files holding "containerId initPid
 * initStartTime", checked and created under one lock, so two containers never publish the same
 * port on overlapping addresses (127.0.0.1 and 127.0.0.2 may share a port; 0.0.0.0 overlaps all).
 * DNAT binds no socket, so only this registry sees a port another store's container publishes. A reservation is live while
 * that container's init lives; a dead holder's reservation (and its DNAT table) is taken over. A
 * port a host program listens on is refused too (checked by binding it once); random ports are
 * the kernel's choice of a free ephemeral port. /run is a tmpfs: a reboot forgets them all.
 */
public final class PortReservations {
    /** Machine-wide, whichever store asks (the same place as the host network lock). */
    public static final Path MACHINE_DIR = Path.of("/run/minidocker/ports");
    private final Path dir;

    public PortReservations() {
        this(MACHINE_DIR);
    }

    PortReservations(Path dir) {
        this.dir = dir;
    }

    /** The reservation tag of container {@code containerId} whose init is {@code pid}. */
    public static String ownerTag(String containerId, long pid) {
        return containerId + " " + pid + " " + dev.minidocker.linux.ProcessIdentity.startTime(pid).orElse(0);
    }

    /** Whether the container that holds a reservation still runs (its init is the same process). */
    static boolean liveHolder(String tag) {
        String[] p = tag.trim().split(" ");
        if (p.length != 3) return false;
        try {
            return dev.minidocker.linux.ProcessIdentity.isAlive(Long.parseLong(p[1]), Long.parseLong(p[2]));
        } catch (NumberFormatException corrupt) {
            return false;
        }
    }

    /**
     * Reserves every spec's host port for the container tagged {@code owner} ({@link #ownerTag});
     * all or nothing. A clash fails with Docker's message, naming the container as {@code endpoint}.
     */
    public List<PortBinding> reserve(List<PortSpec> specs, String owner, String endpoint) {
        List<PortBinding> done = new ArrayList<>();
        try {
            StoreFiles.createDirectories(dir);
            // one short lock for the whole check-and-claim: no two runs ever both see a port free
            try (FileLock ignored = FileLock.acquire(dir.resolve(".lock"))) {
                for (PortSpec s : specs) {
                    String hostIp = s.hostIp() == null ? "0.0.0.0" : s.hostIp();
                    int port = s.hostPort() != 0 ? s.hostPort() : randomPort(hostIp, s.protocol());
                    if (s.hostPort() != 0 && (taken(s.protocol(), port, hostIp) || !bindable(hostIp, port, s.protocol()))) {
                        throw new MiniDockerException("driver failed programming external connectivity on endpoint "
                                + endpoint + ": Bind for " + hostIp + ":" + port + " failed: port is already allocated");
                    }
                    PortBinding b = new PortBinding(hostIp, port, s.containerPort(), s.protocol());
                    StoreFiles.write(file(b), owner.getBytes(StandardCharsets.US_ASCII));
                    done.add(b);
                }
            }
            return done;
        } catch (IOException | RuntimeException e) {
            release(done, owner);
            if (e instanceof IOException io) throw new UncheckedIOException("reserve ports: " + io.getMessage(), io);
            throw (RuntimeException) e;
        }
    }

    /** Where the reservation of {@code b} is kept: "tcp-8080-127.0.0.1". */
    public Path file(PortBinding b) {
        return dir.resolve(b.protocol() + "-" + b.hostPort() + "-" + b.hostIp());
    }

    /** A free ephemeral port no container publishes either. */
    private int randomPort(String hostIp, String protocol) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freePort(hostIp, protocol);
            if (!taken(protocol, port, hostIp)) return port;
        }
        throw new MiniDockerException("no free host port for " + hostIp + "/" + protocol);
    }

    /**
     * Whether a live container holds {@code protocol/port} on {@code hostIp} or on an address
     * overlapping it (0.0.0.0 overlaps every address). Reservations of dead holders found on the
     * way are removed with their DNAT tables. Caller holds the lock.
     */
    private boolean taken(String protocol, int port, String hostIp) throws IOException {
        String prefix = protocol + "-" + port + "-";
        List<Path> candidates = new ArrayList<>();
        try (var files = Files.newDirectoryStream(dir, prefix + "*")) {
            files.forEach(candidates::add);
        }
        boolean taken = false;
        for (Path f : candidates) {
            String ip = f.getFileName().toString().substring(prefix.length());
            if (!ip.equals(hostIp) && !ip.equals("0.0.0.0") && !hostIp.equals("0.0.0.0")) continue;
            String holder;
            try {
                holder = Files.readString(f, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException released) {
                continue;
            }
            if (liveHolder(holder)) taken = true;
            else removeStale(f, holder);
        }
        return taken;
    }

    /**
     * A holder whose container died without releasing (its run was killed, of this store or
     * another): its DNAT table would still catch the port, so it goes first, then its file.
     */
    private static void removeStale(Path f, String holder) throws IOException {
        String id = holder.trim().split(" ")[0];
        if (id.length() >= 12 && Nft.available() && Nft.tables().contains(NftRules.portTable(id))) {
            Nft.apply(NftRules.deleteTables(List.of(NftRules.portTable(id))), "remove stale published ports");
        }
        Files.deleteIfExists(f);
    }

    /** Removes every reservation whose container is gone (and its DNAT table): prune's sweep after crashes. */
    public void removeStale() {
        if (!Files.isDirectory(dir)) return;
        try (FileLock ignored = FileLock.acquire(dir.resolve(".lock"));
             var files = Files.newDirectoryStream(dir, "{tcp,udp}-*")) {
            for (Path f : files) {
                try {
                    String holder = Files.readString(f, StandardCharsets.US_ASCII);
                    if (!liveHolder(holder)) removeStale(f, holder);
                } catch (NoSuchFileException released) {
                    // released meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("remove stale port reservations: " + e.getMessage(), e);
        }
    }

    /** Releases the reservations of {@code containerId} whoever made them (its run, or a crashed one's reclaim). */
    public void releaseAllOf(List<PortBinding> ports, String containerId) {
        for (PortBinding p : ports) {
            try {
                if (Files.readString(file(p), StandardCharsets.US_ASCII).startsWith(containerId + " ")) {
                    Files.deleteIfExists(file(p));
                }
            } catch (IOException gone) {
                // released already
            }
        }
    }

    /** Releases what {@code owner} reserved (a holder's file is only ever deleted by it or once it is dead). */
    public void release(List<PortBinding> ports, String owner) {
        for (PortBinding p : ports) {
            try {
                if (Files.readString(file(p), StandardCharsets.US_ASCII).equals(owner)) Files.deleteIfExists(file(p));
            } catch (NoSuchFileException gone) {
                // released already
            } catch (IOException e) {
                throw new UncheckedIOException("release " + file(p) + ": " + e.getMessage(), e);
            }
        }
    }

    private static int freePort(String hostIp, String protocol) throws IOException {
        InetAddress a = InetAddress.getByName(hostIp);
        if (protocol.equals("udp")) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a, 0))) {
                return s.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, a)) {
            return s.getLocalPort();
        }
    }

    private static boolean bindable(String hostIp, int port, String protocol) {
        try {
            InetAddress a = InetAddress.getByName(hostIp);
            if (protocol.equals("udp")) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(a, port))) {
                    return true;
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(a, port), 1);
                return true;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
