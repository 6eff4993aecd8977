package dev.minidocker.linux.cgroup;

import dev.minidocker.model.DeviceRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kernel enforces after a list of {@link DeviceRule}s is written to a fresh v1 devices
 * cgroup, rule by rule (security/device_cgroup.c, devcgroup_update_access): a default and the
 * exceptions to it. "a" sets the default and clears the exceptions; a rule against the default
 * adds its access to the exception of exactly that type and major:minor (or appends one); a rule
 * agreeing with the default takes its access away from such an exception. Both cgroup versions
 * apply this one result: v1 writes it back (deny "a", then an allow line per exception), v2
 * compiles it into a BPF program ({@link DeviceFilterProgram}), so they cannot disagree.
 *
 * @param defaultAllow whether a device no exception matches is allowed
 * @param exceptions   the exceptions, in order; each is an allow rule if the default is deny, and
 *                     the other way round
 */
public record DevicePolicy(boolean defaultAllow, List<DeviceRule> exceptions) {
    /** Device access bits, as struct bpf_cgroup_dev_ctx carries them (BPF_DEVCG_ACC_*). */
    static final int MKNOD = DeviceRule.MKNOD, READ = DeviceRule.READ, WRITE = DeviceRule.WRITE;

    /** Docker's default, reduced once: most containers have it. */
    private static final DevicePolicy DOCKER_DEFAULT = reduce(DeviceRule.DOCKER_DEFAULT);

    public DevicePolicy {
        exceptions = List.copyOf(exceptions);
    }

    /** Applies {@code rules} in order to a cgroup that starts with everything allowed. */
    public static DevicePolicy of(List<DeviceRule> rules) {
        return rules.equals(DeviceRule.DOCKER_DEFAULT) ? DOCKER_DEFAULT : reduce(rules);
    }

    private static DevicePolicy reduce(List<DeviceRule> rules) {
        boolean defaultAllow = true;
        Map<String, int[]> access = new LinkedHashMap<>(); // "c 1:3" -> {access bits}
        Map<String, DeviceRule> device = new LinkedHashMap<>();
        for (DeviceRule r : rules) {
            if (r.type() == 'a') {
                defaultAllow = r.allow();
                access.clear();
                device.clear();
                continue;
            }
            String key = r.type() + " " + r.major() + ":" + r.minor();
            if (r.allow() != defaultAllow) {
                int[] bits = access.get(key);
                if (bits == null) {
                    access.put(key, bits = new int[1]);
                    device.put(key, r);
                }
                bits[0] |= r.accessBits();
            } else if (access.containsKey(key)) {
                int[] bits = access.get(key);
                bits[0] &= ~r.accessBits();
                if (bits[0] == 0) {
                    access.remove(key);
                    device.remove(key);
                }
            }
        }
        List<DeviceRule> exceptions = new ArrayList<>();
        for (Map.Entry<String, DeviceRule> e : device.entrySet()) {
            DeviceRule r = e.getValue();
            exceptions.add(new DeviceRule(!defaultAllow, r.type(), r.major(), r.minor(), accessString(access.get(e.getKey())[0])));
        }
        return new DevicePolicy(defaultAllow, exceptions);
    }

    /** Every device, every access: nothing to confine (--privileged). */
    public boolean allowsEverything() {
        return defaultAllow && exceptions.isEmpty();
    }

    /**
     * The kernel's v1 check for one access (devcgroup_legacy_check_permission): with a deny default,
     * one exception must match the device and grant all of {@code accessBits}; with an allow default,
     * no exception may match the device and any of them. {@code type} is 'c' or 'b'.
     */
    public boolean permits(char type, long major, long minor, int accessBits) {
        for (DeviceRule ex : exceptions) {
            if (ex.type() != type || !matches(ex.major(), major) || !matches(ex.minor(), minor)) continue;
            if (defaultAllow && (ex.accessBits() & accessBits) != 0) return false;
            if (!defaultAllow && (accessBits & ~ex.accessBits()) == 0) return true;
        }
        return defaultAllow;
    }

    /** One write into a v1 devices cgroup: "c 1:3 rwm" into devices.allow. */
    public record V1Write(String file, String line) {}

    /** The writes that give a fresh v1 devices cgroup this policy, in order: the default first. */
    public List<V1Write> v1Writes() {
        List<V1Write> writes = new ArrayList<>();
        writes.add(new V1Write(defaultAllow ? "devices.allow" : "devices.deny", "a"));
        String file = defaultAllow ? "devices.deny" : "devices.allow";
        for (DeviceRule ex : exceptions) writes.add(new V1Write(file, ex.v1Line()));
        return writes;
    }

    private static boolean matches(long ruleNumber, long number) {
        return ruleNumber == DeviceRule.ANY || ruleNumber == number;
    }

    private static String accessString(int bits) {
        return ((bits & READ) != 0 ? "r" : "") + ((bits & WRITE) != 0 ? "w" : "") + ((bits & MKNOD) != 0 ? "m" : "");
    }
}
