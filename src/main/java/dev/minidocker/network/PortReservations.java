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
import java.util.function.Predicate;

/**
 * Host ports published by this store's containers: {@code networks/ports/<proto>-<port>} files
 * ("id pid starttime", created exclusively), so two containers never publish the same port. A
 * port a host program listens on is refused too (checked by binding it once); random ports are
 * the kernel's choice of a free ephemeral port.
 */
public final class PortReservations {
    private final Path dir;

    public PortReservations(Path networksDir) {
        this.dir = networksDir.resolve("ports");
    }

    /** Reserves every spec's host port for {@code containerId}; all or nothing. */
    public List<PortBinding> reserve(List<PortSpec> specs, String owner, Predicate<String> liveOwner) {
        List<PortBinding> done = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (PortSpec s : specs) {
                String hostIp = s.hostIp() == null ? "0.0.0.0" : s.hostIp();
                int port = s.hostPort() != 0 ? s.hostPort() : freePort(hostIp, s.protocol());
                Path f = dir.resolve(s.protocol() + "-" + port);
                if (!claim(f, owner, liveOwner) || (s.hostPort() != 0 && !bindable(hostIp, port, s.protocol()))) {
                    if (done.stream().noneMatch(d -> d.hostPort() == port)) release(f, owner);
                    throw new MiniDockerException("Bind for " + hostIp + ":" + port + " failed: port is already allocated");
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

    public void release(List<PortBinding> ports, String owner) {
        for (PortBinding p : ports) release(dir.resolve(p.protocol() + "-" + p.hostPort()), owner);
    }

    private boolean claim(Path f, String owner, Predicate<String> liveOwner) throws IOException {
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
                if (holder.isBlank() || liveOwner.test(holder)) return false;
                Files.deleteIfExists(f); // its container crashed without releasing it
            }
        }
        return false;
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
