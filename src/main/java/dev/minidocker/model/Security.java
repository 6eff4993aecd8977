package dev.minidocker.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What widens or narrows a container's privileges, in Docker's HostConfig names: the one type
 * from the flags and the Engine API through the record to inspect and the runtime. The HostConfig
 * shapes on the wire and on disk unwrap it ({@code @JsonUnwrapped}), as they do {@link Resources}.
 *
 * @param privileged  --privileged: every capability, no seccomp filter, every device, /sys writable
 * @param capAdd      --cap-add: names with or without CAP_, any case, or ALL
 * @param capDrop     --cap-drop: likewise
 * @param securityOpt --security-opt: "seccomp=FILE|unconfined", "no-new-privileges[=true|false]"
 * @param ulimits     --ulimit name=soft[:hard]
 * @param sysctls     --sysctl key=value: namespaced keys only
 * @param groupAdd    --group-add: supplementary groups (names of the container's /etc/group, or numbers)
 * @param devices     --device HOST[:CONTAINER][:PERMISSIONS]
 * @param deviceCgroupRules --device-cgroup-rule "c 1:3 rwm": allow rules added to the device rules
 * @param pidMode     --pid: "" (the container's own PID namespace) or "host" (the host's: its
 *                    processes in the container's /proc, the command not PID 1)
 * @param ipcMode     --ipc: "" ("private" and "shareable" too) or "host" (the host's IPC
 *                    namespace, and its /dev/shm bound in)
 * @param utsMode     --uts: "" or "host" (the host's hostname, which the container cannot change
 *                    without CAP_SYS_ADMIN, and -h refused)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Security(
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("CapAdd") List<String> capAdd,
        @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonProperty("Ulimits") List<Ulimit> ulimits,
        @JsonProperty("Sysctls") Map<String, String> sysctls,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("Devices") List<DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("PidMode") String pidMode,
        @JsonProperty("IpcMode") String ipcMode,
        @JsonProperty("UTSMode") String utsMode) {

    public static final Security NONE = new Security(false, List.of(), List.of(), List.of(), List.of(), Map.of(),
            List.of(), List.of(), List.of(), "", "", "");

    /** As above with the container's own PID, IPC and UTS namespaces. */
    public Security(boolean privileged, List<String> capAdd, List<String> capDrop, List<String> securityOpt,
                    List<Ulimit> ulimits, Map<String, String> sysctls, List<String> groupAdd, List<DeviceMapping> devices,
                    List<String> deviceCgroupRules) {
        this(privileged, capAdd, capDrop, securityOpt, ulimits, sysctls, groupAdd, devices, deviceCgroupRules, "", "", "");
    }

    public Security {
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        sysctls = sysctls == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
        devices = devices == null ? List.of() : List.copyOf(devices);
        deviceCgroupRules = deviceCgroupRules == null ? List.of() : List.copyOf(deviceCgroupRules);
        pidMode = namespaceMode(pidMode, "--pid", "PID");
        ipcMode = ipcMode == null ? "" : ipcMode; // checked by the planner, as Docker's daemon checks it
        utsMode = namespaceMode(utsMode, "--uts", "UTS");
    }

    /**
     * A --pid or --uts value, as the docker CLI checks it: "" (the container's own namespace) or
     * "host" (the host's). Docker's container:NAME is refused here.
     */
    private static String namespaceMode(String mode, String flag, String kind) {
        if (mode == null || mode.isEmpty() || mode.equals("host") || mode.equals("private")) return mode == null ? "" : mode;
        throw new dev.minidocker.InvalidArgumentException(flag + ": invalid " + kind + " mode"
                + (mode.startsWith("container:") ? " (only host is supported): " + mode : ""));
    }

    /** Whether {@link #ipcMode} is one mini-docker runs: "", "private", "shareable" (its own) or "host". */
    public boolean knownIpcMode() {
        return List.of("", "private", "shareable", "host").contains(ipcMode);
    }

    /** The namespaces shared with the host ("pid", "ipc", "uts"), in that order. */
    public List<String> hostNamespaces() {
        List<String> shared = new ArrayList<>();
        if (pidMode.equals("host")) shared.add("pid");
        if (ipcMode.equals("host")) shared.add("ipc");
        if (utsMode.equals("host")) shared.add("uts");
        return List.copyOf(shared);
    }

    public Security withPidMode(String mode) {
        return new Security(privileged, capAdd, capDrop, securityOpt, ulimits, sysctls, groupAdd, devices,
                deviceCgroupRules, mode, ipcMode, utsMode);
    }

    public Security withIpcMode(String mode) {
        return new Security(privileged, capAdd, capDrop, securityOpt, ulimits, sysctls, groupAdd, devices,
                deviceCgroupRules, pidMode, mode, utsMode);
    }

    public Security withUtsMode(String mode) {
        return new Security(privileged, capAdd, capDrop, securityOpt, ulimits, sysctls, groupAdd, devices,
                deviceCgroupRules, pidMode, ipcMode, mode);
    }

    /** One --device: a host device node, where it appears in the container, and "rwm" or a subset. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeviceMapping(@JsonProperty("PathOnHost") String pathOnHost,
                                @JsonProperty("PathInContainer") String pathInContainer,
                                @JsonProperty("CgroupPermissions") String cgroupPermissions) {
        /** --device's value: {@code HOST[:CONTAINER][:rwm]}, as Docker parses it. */
        public static DeviceMapping parse(String value) {
            String[] p = value.split(":", -1);
            String host = p[0], container = host, perms = "rwm";
            if (p.length == 2) {
                if (isPermissions(p[1])) perms = p[1];
                else container = p[1];
            } else if (p.length == 3) {
                container = p[1];
                perms = p[2];
            }
            if (p.length > 3 || host.isEmpty() || !host.startsWith("/") || !container.startsWith("/") || !isPermissions(perms)) {
                throw new dev.minidocker.InvalidArgumentException("invalid device specification: " + value);
            }
            return new DeviceMapping(host, container, perms);
        }

        private static boolean isPermissions(String s) {
            if (s.isEmpty() || s.length() > 3) return false;
            for (int i = 0; i < s.length(); i++) if ("rwm".indexOf(s.charAt(i)) < 0) return false;
            return true;
        }
    }

    /** One resource limit as Docker names it ("nofile", soft and hard; -1 unlimited). */
    public record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") long soft, @JsonProperty("Hard") long hard) {
        /** Docker's names and the kernel's RLIMIT_* numbers (asm-generic/resource.h). */
        public static final Map<String, Integer> RESOURCES = Map.ofEntries(Map.entry("cpu", 0), Map.entry("fsize", 1),
                Map.entry("data", 2), Map.entry("stack", 3), Map.entry("core", 4), Map.entry("rss", 5),
                Map.entry("nproc", 6), Map.entry("nofile", 7), Map.entry("memlock", 8), Map.entry("as", 9),
                Map.entry("locks", 10), Map.entry("sigpending", 11), Map.entry("msgqueue", 12), Map.entry("nice", 13),
                Map.entry("rtprio", 14), Map.entry("rttime", 15));

        /** --ulimit's value: {@code name=soft[:hard]} (hard defaults to soft), checked as Docker checks it. */
        public static Ulimit parse(String value) {
            int eq = value.indexOf('=');
            if (eq < 0) throw new dev.minidocker.InvalidArgumentException("invalid ulimit argument: " + value);
            String name = value.substring(0, eq);
            if (!RESOURCES.containsKey(name)) throw new dev.minidocker.InvalidArgumentException("invalid ulimit type: " + name);
            String[] limits = value.substring(eq + 1).split(":", -1);
            if (limits.length > 2) throw new dev.minidocker.InvalidArgumentException("too many limit value arguments - " + value);
            try {
                long soft = Long.parseLong(limits[0]);
                long hard = limits.length == 2 ? Long.parseLong(limits[1]) : soft;
                if (soft > hard && hard != -1) {
                    throw new dev.minidocker.InvalidArgumentException("ulimit soft limit must be less than or equal to hard limit: "
                            + soft + " > " + hard);
                }
                return new Ulimit(name, soft, hard);
            } catch (NumberFormatException e) {
                throw new dev.minidocker.InvalidArgumentException("invalid ulimit argument: " + value);
            }
        }
    }

    public Security withPrivileged(boolean on) {
        return new Security(on, capAdd, capDrop, securityOpt, ulimits, sysctls, groupAdd, devices, deviceCgroupRules, pidMode, ipcMode, utsMode);
    }

    public Security withCapAdd(String cap) {
        return new Security(privileged, plus(capAdd, cap), capDrop, securityOpt, ulimits, sysctls, groupAdd, devices, deviceCgroupRules, pidMode, ipcMode, utsMode);
    }

    public Security withCapDrop(String cap) {
        return new Security(privileged, capAdd, plus(capDrop, cap), securityOpt, ulimits, sysctls, groupAdd, devices, deviceCgroupRules, pidMode, ipcMode, utsMode);
    }

    public Security withSecurityOpt(String opt) {
        return new Security(privileged, capAdd, capDrop, plus(securityOpt, opt), ulimits, sysctls, groupAdd, devices, deviceCgroupRules, pidMode, ipcMode, utsMode);
    }

    public Security withUlimit(Ulimit limit) {
        List<Ulimit> l = new ArrayList<>();
        for (Ulimit u : ulimits) if (!u.name().equals(limit.name())) l.add(u); // a later one for the same name wins
        l.add(limit);
        return new Security(privileged, capAdd, capDrop, securityOpt, l, sysctls, groupAdd, devices, deviceCgroupRules, pidMode, ipcMode, utsMode);
    }

    /** --sysctl's "key=value". */
    public Security withSysctl(String keyValue) {
        int eq = keyValue.indexOf('=');
        if (eq <= 0) throw new dev.minidocker.InvalidArgumentException("invalid argument \"" + keyValue + "\" for \"--sysctl\" flag");
        Map<String, String> m = new LinkedHashMap<>(sysctls);
        m.put(keyValue.substring(0, eq).trim(), keyValue.substring(eq + 1));
        return new Security(privileged, capAdd, capDrop, securityOpt, ulimits, m, groupAdd, devices, deviceCgroupRules, pidMode, ipcMode, utsMode);
    }

    public Security withGroupAdd(String group) {
        return new Security(privileged, capAdd, capDrop, securityOpt, ulimits, sysctls, plus(groupAdd, group), devices, deviceCgroupRules, pidMode, ipcMode, utsMode);
    }

    public Security withDevice(DeviceMapping device) {
        List<DeviceMapping> l = new ArrayList<>(devices);
        l.add(device);
        return new Security(privileged, capAdd, capDrop, securityOpt, ulimits, sysctls, groupAdd, l, deviceCgroupRules, pidMode, ipcMode, utsMode);
    }

    /** --device-cgroup-rule, checked now ("c 1:3 rwm", "b 7:* r", "a"). */
    public Security withDeviceCgroupRule(String rule) {
        DeviceRule.parse(true, rule);
        return new Security(privileged, capAdd, capDrop, securityOpt, ulimits, sysctls, groupAdd, devices,
                plus(deviceCgroupRules, rule), pidMode, ipcMode, utsMode);
    }

    /** Docker's JSON fields, for the hand-written writers of the start-up paths. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Privileged", privileged);
        m.put("CapAdd", capAdd);
        m.put("CapDrop", capDrop);
        m.put("SecurityOpt", securityOpt);
        List<Object> limits = new ArrayList<>();
        for (Ulimit u : ulimits) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("Name", u.name());
            one.put("Soft", u.soft());
            one.put("Hard", u.hard());
            limits.add(one);
        }
        m.put("Ulimits", limits);
        m.put("Sysctls", sysctls);
        m.put("GroupAdd", groupAdd);
        List<Object> devs = new ArrayList<>();
        for (DeviceMapping d : devices) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("PathOnHost", d.pathOnHost());
            one.put("PathInContainer", d.pathInContainer());
            one.put("CgroupPermissions", d.cgroupPermissions());
            devs.add(one);
        }
        m.put("Devices", devs);
        m.put("DeviceCgroupRules", deviceCgroupRules);
        m.put("PidMode", pidMode);
        m.put("IpcMode", ipcMode);
        m.put("UTSMode", utsMode);
        return m;
    }

    private static List<String> plus(List<String> list, String value) {
        List<String> l = new ArrayList<>(list);
        l.add(value);
        return l;
    }
}
