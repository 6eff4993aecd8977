package dev.minidocker.runtime.container;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.linux.seccomp.SeccompProgram;
import dev.minidocker.model.Security;
import dev.minidocker.runtime.seccomp.SeccompFilters;
import dev.minidocker.runtime.seccomp.SeccompTarget;
import dev.minidocker.runtime.spec.DefaultCapabilities;
import dev.minidocker.runtime.spec.Hardening;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a container's process gets besides its user, decided in the parent from the container's
 * {@link Security} settings: the capabilities it keeps (Docker's default, --cap-add/--cap-drop,
 * --privileged), and the {@link Hardening} stage 2 applies. The seccomp filter is compiled here,
 * for the capabilities the container keeps (the profile's capability-conditional rules follow
 * them); stage 2 only installs it. The same for the container's command and for each exec.
 */
public final class ContainerHardening {
    /** The capabilities kept and what stage 2 applies. */
    public record Decided(List<String> capabilities, Hardening hardening) {}

    private ContainerHardening() {}

    /**
     * What the docker CLI checks of --security-opt before it sends anything: each option's form, and
     * that a seccomp profile named by its path can be read (that CLI sends the profile's content).
     */
    public static void checkSecurityOpts(Security s) {
        String seccomp = securityOpts(s).seccomp();
        if (seccomp == null || seccomp.equals("unconfined") || seccomp.equals("builtin") || seccomp.startsWith("{")) return;
        if (!java.nio.file.Files.isReadable(Path.of(seccomp))) {
            throw new dev.minidocker.runtime.seccomp.SeccompProfileException(seccomp, "no such file");
        }
    }

    /** The options of --security-opt that mini-docker applies; seccomp null: the default profile. */
    private record Opts(boolean noNewPrivileges, String seccomp) {}

    private static Opts securityOpts(Security s) {
        boolean noNewPrivileges = false;
        String seccomp = null; // null: the default profile; "unconfined"; or a file
        for (String opt : s.securityOpt()) {
            String[] kv = splitOption(opt);
            switch (kv[0]) {
                case "no-new-privileges" -> noNewPrivileges = kv[1] == null || parseBoolean(kv[1], opt);
                case "seccomp" -> {
                    if (kv[1] == null || kv[1].isEmpty()) throw new InvalidArgumentException("invalid --security-opt: " + opt);
                    seccomp = kv[1];
                }
                // What mini-docker never applies anyway: no AppArmor profile, no SELinux label.
                case "apparmor", "label" -> {
                    if (!"unconfined".equals(kv[1]) && !"disable".equals(kv[1])) {
                        throw new InvalidArgumentException("--security-opt " + kv[0] + " is not supported: " + opt);
                    }
                }
                default -> throw new InvalidArgumentException("--security-opt " + kv[0] + " is not supported: " + opt);
            }
        }
        return new Opts(noNewPrivileges, seccomp);
    }

    /** Everything the settings ask for; a bad option or profile fails with one line (exit 125). */
    public static Decided decide(Path storeRoot, Security s) {
        List<String> caps = capabilities(s);
        Opts opts = securityOpts(s);
        boolean noNewPrivileges = opts.noNewPrivileges();
        String seccomp = opts.seccomp();
        SeccompProgram filter;
        if (s.privileged() || "unconfined".equals(seccomp)) {
            filter = null;
        } else if (seccomp == null || seccomp.equals("builtin")) {
            filter = SeccompFilters.forStore(storeRoot).dockerDefault(caps);
        } else if (seccomp.startsWith("{")) { // the docker CLI sends the profile's content, not its path
            filter = SeccompFilters.forStore(storeRoot).compile(seccomp.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "given in --security-opt", SeccompTarget.forThisMachine(caps)).orElse(null);
        } else {
            filter = SeccompFilters.forStore(storeRoot).fromFile(Path.of(seccomp), caps).orElse(null);
        }
        List<Hardening.Rlimit> rlimits = new ArrayList<>();
        for (Security.Ulimit u : s.ulimits()) {
            Integer resource = Security.Ulimit.RESOURCES.get(u.name());
            if (resource == null) throw new InvalidArgumentException("invalid ulimit type: " + u.name());
            rlimits.add(new Hardening.Rlimit(resource, u.soft(), u.hard()));
        }
        List<String> sysctls = new ArrayList<>();
        for (java.util.Map.Entry<String, String> e : s.sysctls().entrySet()) sysctls.add(e.getKey() + "=" + e.getValue());
        return new Decided(caps, new Hardening(filter, noNewPrivileges, rlimits, s.groupAdd(), sysctls, s.privileged(),
                s.hostNamespaces()));
    }

    /** The IPC keys a container may set (its own IPC namespace), as Docker's list. */
    private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
            "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    /**
     * Docker's rule: only keys of the container's own namespaces (IPC: kernel.msg*, kernel.sem,
     * kernel.shm*, fs.mqueue.*, not with the host's IPC namespace; network: net.*, not with the
     * host's or another container's network).
     */
    public static void checkSysctls(java.util.Map<String, String> sysctls, String network, String ipcMode) {
        for (String key : sysctls.keySet()) {
            if (IPC_SYSCTLS.contains(key) || key.startsWith("fs.mqueue.")) {
                if (ipcMode.equals("host")) {
                    throw new InvalidArgumentException("sysctl \"" + key + "\" not allowed in host IPC namespace");
                }
                continue;
            }
            if (key.startsWith("net.")) {
                if (network.equals("host") || network.startsWith("container:")) {
                    throw new InvalidArgumentException("sysctl \"" + key + "\" not allowed in host network namespace");
                }
                continue;
            }
            throw new InvalidArgumentException("sysctl \"" + key + "\" is not in a separate kernel namespace: not allowed");
        }
    }

    /**
     * Docker's rules: --privileged keeps every capability; otherwise Docker's default set, where
     * --cap-drop ALL starts from none and --cap-add ALL from all, drops are taken out, then adds put in.
     */
    public static List<String> capabilities(Security s) {
        if (s.privileged()) return allWeHave();
        List<String> add = names(s.capAdd(), "--cap-add"), drop = names(s.capDrop(), "--cap-drop");
        Set<String> caps = new LinkedHashSet<>(add.contains("ALL") ? allWeHave() : DefaultCapabilities.DOCKER);
        if (drop.contains("ALL")) caps.clear();
        caps.removeAll(drop);
        for (String a : add) if (!a.equals("ALL")) caps.add(a);
        return List.copyOf(caps);
    }

    /**
     * "All" capabilities: those of our own bounding set (podman's reading of it too). Where
     * mini-docker itself runs without some (inside another container), capset would refuse them.
     */
    static List<String> allWeHave() {
        long bounding = -1;
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) bounding = Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("read /proc/self/status: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < DefaultCapabilities.ALL.size(); i++) {
            if ((bounding & (1L << i)) != 0) out.add(DefaultCapabilities.ALL.get(i));
        }
        return List.copyOf(out);
    }

    /** "net_admin", "CAP_NET_ADMIN", "all" -> "CAP_NET_ADMIN", "ALL"; an unknown name fails. */
    static List<String> names(List<String> given, String flag) {
        List<String> out = new ArrayList<>();
        for (String g : given) {
            String upper = g.trim().toUpperCase(Locale.ROOT);
            if (upper.equals("ALL")) {
                out.add("ALL");
                continue;
            }
            String bare = upper.startsWith("CAP_") ? upper.substring(4) : upper;
            if (!DefaultCapabilities.NUMBERED.contains(bare)) {
                throw new InvalidArgumentException("invalid argument \"" + g + "\" for \"" + flag + "\": unknown capability");
            }
            out.add("CAP_" + bare);
        }
        return out;
    }

    /** "seccomp=x", "seccomp:x" (Docker's older form), "no-new-privileges" -> {key, value or null}. */
    private static String[] splitOption(String opt) {
        int at = opt.indexOf('=');
        if (at < 0) at = opt.indexOf(':');
        return at < 0 ? new String[] {opt, null} : new String[] {opt.substring(0, at), opt.substring(at + 1)};
    }

    private static boolean parseBoolean(String v, String opt) {
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new InvalidArgumentException("invalid --security-opt: " + opt);
    }
}
