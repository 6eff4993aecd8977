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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Security(
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("CapAdd") List<String> capAdd,
        @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonProperty("Ulimits") List<Ulimit> ulimits) {

    public static final Security NONE = new Security(false, List.of(), List.of(), List.of(), List.of());

    public Security {
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
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
        return new Security(on, capAdd, capDrop, securityOpt, ulimits);
    }

    public Security withCapAdd(String cap) {
        return new Security(privileged, plus(capAdd, cap), capDrop, securityOpt, ulimits);
    }

    public Security withCapDrop(String cap) {
        return new Security(privileged, capAdd, plus(capDrop, cap), securityOpt, ulimits);
    }

    public Security withSecurityOpt(String opt) {
        return new Security(privileged, capAdd, capDrop, plus(securityOpt, opt), ulimits);
    }

    public Security withUlimit(Ulimit limit) {
        List<Ulimit> l = new ArrayList<>();
        for (Ulimit u : ulimits) if (!u.name().equals(limit.name())) l.add(u); // a later one for the same name wins
        l.add(limit);
        return new Security(privileged, capAdd, capDrop, securityOpt, l);
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
        return m;
    }

    private static List<String> plus(List<String> list, String value) {
        List<String> l = new ArrayList<>(list);
        l.add(value);
        return l;
    }
}
