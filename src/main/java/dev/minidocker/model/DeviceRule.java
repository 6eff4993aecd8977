package dev.minidocker.model;

import dev.minidocker.MiniDockerException;
import java.util.List;

/**
 * One rule of a container's device access list, in the devices cgroup's own terms
 * (Documentation/admin-guide/cgroup-v1/devices.rst): allow or deny {@code access} ("r", "w", "m"
 * for mknod, any combination) to character ('c') or block ('b') devices {@code major:minor}, where
 * {@link #ANY} is "*"; type 'a' means every device and resets the list (deny 'a' = nothing is
 * allowed but what later rules allow). Rules apply in order, as writes to devices.allow/deny do.
 *
 * <p>The list is data so that {@code --device}, {@code --device-cgroup-rule} and {@code --privileged}
 * can widen Docker's default: append allow rules, or replace the list with {@link #ALLOW_ALL}.
 *
 * @param allow  allow (devices.allow) or deny (devices.deny)
 * @param type   'a', 'c' or 'b'
 * @param major  the major number, or {@link #ANY}
 * @param minor  the minor number, or {@link #ANY}
 * @param access a non-empty subset of "rwm", in that order
 */
public record DeviceRule(boolean allow, char type, long major, long minor, String access) {
    public static final long ANY = -1;
    /** The access bits of a device check (the kernel's BPF_DEVCG_ACC_*). */
    public static final int MKNOD = 1, READ = 2, WRITE = 4;
    /** Linux's dev_t: 12 bits of major, 20 of minor (include/linux/kdev_t.h). */
    static final long MAX_MAJOR = (1L << 12) - 1, MAX_MINOR = (1L << 20) - 1;

    // Written out: a record's generated equals/hashCode is bootstrapped through invokedynamic on its
    // first call, milliseconds in a short-lived JVM (mini-docker-runtime's create compares rules).
    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceRule r && allow == r.allow && type == r.type && major == r.major && minor == r.minor
                && java.util.Objects.equals(access, r.access);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(allow, type, major, minor, access);
    }

    /**
     * Docker's default for a container that is not privileged: moby's DefaultLinuxSpec
     * (daemon/pkg/oci/defaults.go: deny all; allow c 1:5, 1:3, 1:9, 1:8, 5:0, 5:1 rwm; deny fuse
     * c 10:229) followed by what runc appends to every container (specconv.AllowedDevices: mknod of
     * any c and b device; c 1:3, 1:8, 1:7, 5:0, 1:5, 1:9, 136:*, 5:2, 10:200 rwm). Together: mknod
     * of anything, but open only of null, zero, full, random, urandom, tty, console, ptmx, the pty
     * slaves and tun.
     */
    public static final List<DeviceRule> DOCKER_DEFAULT = List.of(
            new DeviceRule(false, 'a', ANY, ANY, "rwm"),
            chr(1, 5), chr(1, 3), chr(1, 9), chr(1, 8), chr(5, 0), chr(5, 1),
            new DeviceRule(false, 'c', 10, 229, "rwm"),
            new DeviceRule(true, 'c', ANY, ANY, "m"), new DeviceRule(true, 'b', ANY, ANY, "m"),
            chr(1, 3), chr(1, 8), chr(1, 7), chr(5, 0), chr(1, 5), chr(1, 9), chr(136, ANY), chr(5, 2), chr(10, 200));

    /** What --privileged gets: every device (Docker's {Allow: true, Access: "rwm"}). */
    public static final List<DeviceRule> ALLOW_ALL = List.of(new DeviceRule(true, 'a', ANY, ANY, "rwm"));

    public DeviceRule {
        if (type != 'a' && type != 'c' && type != 'b') throw invalid("type " + type + " (a, b or c)");
        if (type == 'a') {
            major = ANY;
            minor = ANY;
            access = "rwm";
        }
        if (major != ANY && (major < 0 || major > MAX_MAJOR)) throw invalid("major " + major);
        if (minor != ANY && (minor < 0 || minor > MAX_MINOR)) throw invalid("minor " + minor);
        access = canonicalAccess(access);
    }

    /** An allowed character device, every access: Docker's form for the devices it gives. */
    private static DeviceRule chr(long major, long minor) {
        return new DeviceRule(true, 'c', major, minor, "rwm");
    }

    /**
     * A rule in the cgroup v1 file syntax, as {@code docker run --device-cgroup-rule} takes it:
     * "c 1:3 rwm", "b 7:* r", "c *:* m", or "a" (which stands for "a *:* rwm").
     */
    public static DeviceRule parse(boolean allow, String rule) {
        String[] f = rule.trim().split("\\s+");
        if (f.length == 1 && f[0].equals("a")) return new DeviceRule(allow, 'a', ANY, ANY, "rwm");
        if (f.length != 3 || f[0].length() != 1) throw invalid("rule \"" + rule + "\" (TYPE MAJOR:MINOR ACCESS)");
        String[] mm = f[1].split(":", -1);
        if (mm.length != 2) throw invalid("rule \"" + rule + "\" (TYPE MAJOR:MINOR ACCESS)");
        return new DeviceRule(allow, f[0].charAt(0), number(mm[0], rule), number(mm[1], rule), f[2]);
    }

    /** The line for devices.allow/devices.deny: "c 1:3 rwm", "c 136:* rwm", "a". */
    public String v1Line() {
        if (type == 'a') return "a";
        return type + " " + star(major) + ":" + star(minor) + " " + access;
    }

    /** The rule as the bits of a device cgroup check: mknod 1, read 2, write 4 (BPF_DEVCG_ACC_*). */
    public int accessBits() {
        return (access.indexOf('m') >= 0 ? MKNOD : 0) | (access.indexOf('r') >= 0 ? READ : 0)
                | (access.indexOf('w') >= 0 ? WRITE : 0);
    }

    /** Any order and repeats, as the kernel takes them; spelled in "rwm" order. No regex: the run path. */
    private static String canonicalAccess(String access) {
        boolean r = false, w = false, m = false;
        for (int i = 0; access != null && i < access.length(); i++) {
            switch (access.charAt(i)) {
                case 'r' -> r = true;
                case 'w' -> w = true;
                case 'm' -> m = true;
                default -> throw invalid("access \"" + access + "\" (a combination of r, w and m)");
            }
        }
        if (!r && !w && !m) throw invalid("access \"" + access + "\" (a combination of r, w and m)");
        return (r ? "r" : "") + (w ? "w" : "") + (m ? "m" : "");
    }

    private static long number(String s, String rule) {
        if (s.equals("*")) return ANY;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw invalid("rule \"" + rule + "\": " + s + " is not a number or *");
        }
    }

    private static String star(long n) {
        return n == ANY ? "*" : Long.toString(n);
    }

    private static MiniDockerException invalid(String what) {
        return new MiniDockerException("invalid device cgroup " + what);
    }
}
