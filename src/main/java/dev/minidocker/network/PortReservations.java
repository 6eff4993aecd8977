package dev.minidocker.network;

import dev.minidocker.MiniDockerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Host ports published by mini-docker containers of every store on this machine:
 * {@code /run/minidocker/ports/<proto>-<port>} files holding "containerId initPid initStartTime",
 * created exclusively, so two containers never publish the same port (DNAT binds no socket, so
 * only this registry sees a port another store's container publishes). A reservation is live while
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
            Files.createDirectories(dir);
            for (PortSpec s : specs) {
                String hostIp = s.hostIp() == null ? "0.0.0.0" : s.hostIp();
                int port = s.hostPort() != 0 ? s.hostPort() : claimRandom(hostIp, s.protocol(), owner);
                if (s.hostPort() != 0) {
                    Path f = file(s.protocol(), port);
                    if (!claim(f, owner) || !bindable(hostIp, port, s.protocol())) {
                        if (done.stream().noneMatch(d -> d.hostPort() == port && d.protocol().equals(s.protocol()))) {
                            release(f, owner);
                        }
                        throw new MiniDockerException("driver failed programming external connectivity on endpoint "
                                + endpoint + ": Bind for " + hostIp + ":" + port + " failed: port is already allocated");
                    }
                }
                done.add(new PortBinding(hostIp, port, s.containerPort(), s.protocol()));
            }
            return done;
        } catch (IOException | RuntimeException e) {
            release(done, owner);
            if (e instanceof IOException io) throw new UncheckedIOException("reserve ports: " + io.getMessage(), io);
            throw (RuntimeException) e;
        }
    }

    /** A free ephemeral port no container publishes either, reserved. */
    private int claimRandom(String hostIp, String protocol, String owner) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = freePort(hostIp, protocol);
            if (claim(file(protocol, port), owner)) return port;
        }
        throw new MiniDockerException("no free host port for " + hostIp + "/" + protocol);
    }

    private Path file(String protocol, int port) {
        return dir.resolve(protocol + "-" + port);
    }

    /** Releases the reservations of {@code containerId} whoever made them (its run, or a crashed one's reclaim). */
    public void releaseAllOf(List<PortBinding> ports, String containerId) {
        for (PortBinding p : ports) {
            Path f = file(p.protocol(), p.hostPort());
            try {
                if (Files.readString(f, StandardCharsets.US_ASCII).startsWith(containerId + " ")) Files.deleteIfExists(f);
            } catch (IOException gone) {
                // released already
            }
        }
    }

    public void release(List<PortBinding> ports, String owner) {
        for (PortBinding p : ports) release(dir.resolve(p.protocol() + "-" + p.hostPort()), owner);
    }

    private boolean claim(Path f, String owner) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(f, owner, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException taken) {
                String holder;
                try {
                    holder = Files.readString(f, StandardCharsets.US_ASCII);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (holder.isBlank() || liveHolder(holder)) return false;
                takeOver(f, holder);
            }
        }
        return false;
    }

    /**
     * A holder whose container died without releasing (its run was killed, of this store or
     * another): its DNAT table would still catch the port, so it goes first, then its file.
     */
    private void takeOver(Path f, String holder) throws IOException {
        try (dev.minidocker.state.FileLock ignored = dev.minidocker.state.FileLock.acquire(dir.resolve(".takeover.lock"))) {
            String now;
            try {
                now = Files.readString(f, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException gone) {
                return;
            }
            if (!now.equals(holder)) return; // someone else took it over first
            String id = holder.trim().split(" ")[0];
        if (id.length() >= 12 && Nft.available() && Nft.tables().contains(NftRules.portTable(id))) {
                Nft.apply(NftRules.deleteTables(List.of(NftRules.portTable(id))), "remove stale published ports");
            }
            Files.deleteIfExists(f);
        }
    }

    private static void release(Path f, String owner) {
        try {
            if (Files.readString(f, StandardCharsets.US_ASCII).equals(owner)) Files.deleteIfExists(f);
        } catch (NoSuchFileException gone) {
            // released already
        } catch (IOException e) {
            throw new UncheckedIOException("release " + f + ": " + e.getMessage(), e);
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
