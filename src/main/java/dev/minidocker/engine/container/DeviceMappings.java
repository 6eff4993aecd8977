package dev.minidocker.engine.container;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.model.DeviceRule;
import dev.minidocker.model.Security;
import dev.minidocker.runtime.spec.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * --device and --privileged's devices: each host node is bound onto its path in the container's
 * /dev (a tmpfs without nodev; the node keeps its numbers), and the device rules (devices cgroup
 * on v1, the BPF program on v2) are widened by one allow rule per --device, as Docker does.
 */
final class DeviceMappings {
    /** What the container's /dev has anyway (MountPlan), or must not be the host's. */
    private static final Set<String> OWN = Set.of("null", "zero", "full", "random", "urandom", "tty", "console", "ptmx");
    private static final int S_IFMT = 0170000, S_IFCHR = 0020000, S_IFBLK = 0060000;

    private DeviceMappings() {}

    /** The bind mounts for the devices, appended to {@code mounts}; the rules, appended to {@code rules}. */
    static void add(Security s, List<ContainerSpec.Mount> mounts, List<DeviceRule> rules) {
        for (Security.DeviceMapping d : s.devices()) {
            Path host = Path.of(d.pathOnHost());
            long[] node = node(host);
            if (node == null) throw new InvalidArgumentException("error gathering device information while adding custom device \""
                    + d.pathOnHost() + "\": not a device node");
            mounts.add(new ContainerSpec.Mount("bind", d.pathOnHost(), d.pathInContainer(), List.of()));
            rules.add(new DeviceRule(true, node[0] == S_IFBLK ? 'b' : 'c', node[1], node[2], access(d.cgroupPermissions())));
        }
        for (String rule : s.deviceCgroupRules()) rules.add(DeviceRule.parse(true, rule));
        if (!s.privileged()) return;
        try (Stream<Path> entries = Files.list(Path.of("/dev"))) {
            for (Path p : entries.sorted().toList()) {
                if (OWN.contains(p.getFileName().toString()) || node(p) == null) continue;
                mounts.add(new ContainerSpec.Mount("bind", p.toString(), p.toString(), List.of()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("list /dev: " + e.getMessage(), e);
        }
    }

    /** {type, major, minor} of a character or block device (not following links); null for anything else. */
    static long[] node(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int type = mode & S_IFMT;
            if (type != S_IFCHR && type != S_IFBLK) return null;
            long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return new long[] {type, major, minor};
        } catch (IOException e) {
            return null;
        }
    }

    /** "mwr" -> "rwm": DeviceRule wants them in order. */
    private static String access(String perms) {
        StringBuilder b = new StringBuilder();
        for (char c : new char[] {'r', 'w', 'm'}) if (perms.indexOf(c) >= 0) b.append(c);
        return b.toString();
    }
}
