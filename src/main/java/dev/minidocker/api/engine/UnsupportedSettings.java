package dev.minidocker.api.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.api.ApiException;
import dev.minidocker.model.Resources;
import dev.minidocker.model.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Refuses a create request that asks for isolation mini-docker does not implement yet, instead of
 * running the container with other isolation than asked (Docker's capabilities despite
 * {@code CapDrop: ["ALL"]}, no device rule, the host's limits...). Each rule says which values
 * mean Docker's default; those pass, so an ordinary {@code docker run} (the docker CLI 28 sends
 * every field, mostly at its default) and docker-py (which sends only what is set) keep working.
 * A field leaves this table when it is implemented. Field names match case-insensitively, as Go's
 * JSON decoding in Docker's daemon does; fields this table does not name are accepted as before.
 */
final class UnsupportedSettings {
    private record Rule(String field, Predicate<JsonNode> isDefault) {}

    private static final Predicate<JsonNode> FALSE = v -> v.isNull() || v.isBoolean() && !v.booleanValue();
    private static final Predicate<JsonNode> ZERO = v -> v.isNull() || v.isNumber() && v.asDouble() == 0;
    /** null, "", [] or {}. */
    private static final Predicate<JsonNode> EMPTY = v -> v.isNull() || v.isContainerNode() && v.isEmpty()
            || v.isTextual() && v.asText().isEmpty();
    /** MaskedPaths and ReadonlyPaths: null is Docker's default list; [] means none (systempaths=unconfined). */
    private static final Predicate<JsonNode> NULL = JsonNode::isNull;

    private static Predicate<JsonNode> oneOf(String... values) {
        Set<String> ok = Set.of(values);
        return v -> v.isNull() || v.isTextual() && ok.contains(v.asText());
    }

    /** HostConfig fields that change isolation or limits and that mini-docker does not implement. */
    private static final List<Rule> HOST_CONFIG = List.of(
            new Rule("DeviceRequests", EMPTY),
            new Rule("ReadonlyPaths", NULL),
            new Rule("MaskedPaths", NULL),
            // stage 2 always unshares the PID, IPC, UTS and cgroup namespaces and never a user namespace
            new Rule("PidMode", oneOf("", "private", "host")),
            new Rule("IpcMode", oneOf("", "private", "shareable", "host")),
            new Rule("UTSMode", oneOf("", "host")),
            new Rule("UsernsMode", oneOf("", "host")),
            new Rule("CgroupnsMode", oneOf("", "private")),
            new Rule("Cgroup", oneOf("")),
            new Rule("Runtime", oneOf("", "runc")),
            new Rule("Isolation", oneOf("", "default")),
            new Rule("CgroupParent", EMPTY),
            new Rule("OomKillDisable", FALSE),
            new Rule("OomScoreAdj", ZERO),
            new Rule("StorageOpt", EMPTY),
            new Rule("CpuPeriod", ZERO),
            new Rule("CpuQuota", ZERO),
            new Rule("CpuRealtimePeriod", ZERO),
            new Rule("CpuRealtimeRuntime", ZERO),
            new Rule("CpusetMems", EMPTY),
            new Rule("CpuCount", ZERO),
            new Rule("CpuPercent", ZERO),
            new Rule("MemorySwappiness", v -> v.isNull() || v.isNumber() && v.asLong() == -1),
            new Rule("KernelMemory", ZERO),
            new Rule("KernelMemoryTCP", ZERO),
            new Rule("BlkioWeight", ZERO),
            new Rule("BlkioWeightDevice", EMPTY),
            new Rule("BlkioDeviceReadBps", EMPTY),
            new Rule("BlkioDeviceWriteBps", EMPTY),
            new Rule("BlkioDeviceReadIOps", EMPTY),
            new Rule("BlkioDeviceWriteIOps", EMPTY),
            new Rule("IOMaximumIOps", ZERO),
            new Rule("IOMaximumBandwidth", ZERO));

    /** Config fields of the same kind. */
    private static final List<Rule> CONFIG = List.of(new Rule("NetworkDisabled", FALSE));

    /**
     * The resource limits mini-docker implements: model/Resources' JSON names, read from the type,
     * so that a limit added there is accepted here at once (its rule below then no longer applies).
     */
    private static final Set<String> RESOURCES = resourceFields();

    /**
     * HostConfig fields mini-docker implements; sent at the body's top level (the form of API
     * versions before HostConfig existed, which Docker's daemon still reads) they would be dropped.
     */
    private static final Set<String> IMPLEMENTED_HOST_CONFIG = implementedHostConfig();

    private static Set<String> resourceFields() {
        Set<String> names = new java.util.HashSet<>();
        for (String name : Resources.NONE.fields().keySet()) names.add(name.toLowerCase(Locale.ROOT));
        for (String name : Security.NONE.fields().keySet()) names.add(name.toLowerCase(Locale.ROOT));
        // The namespace modes are implemented for some values only (host, and the container's own):
        // their rules below say which pass.
        names.removeAll(Set.of("pidmode", "ipcmode", "utsmode"));
        return Set.copyOf(names);
    }

    private static Set<String> implementedHostConfig() {
        Set<String> names = new java.util.HashSet<>(Set.of("binds", "networkmode", "restartpolicy", "autoremove",
                "readonlyrootfs", "tmpfs", "init", "portbindings", "publishallports"));
        names.addAll(RESOURCES);
        return Set.copyOf(names);
    }

    private UnsupportedSettings() {}

    /** Throws 400 naming every field of {@code body} that asks for what mini-docker cannot give yet. */
    static void check(JsonNode body) {
        if (body == null || !body.isObject()) return;
        List<String> refused = new ArrayList<>();
        collect(body, CONFIG, "", refused);
        JsonNode hostConfig = field(body, "HostConfig");
        if (hostConfig != null && hostConfig.isObject()) collect(hostConfig, HOST_CONFIG, "HostConfig.", refused);
        collect(body, HOST_CONFIG, "", refused);
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            if (IMPLEMENTED_HOST_CONFIG.contains(e.getKey().toLowerCase(Locale.ROOT)) && !isUnset(e.getValue())) {
                refused.add(e.getKey() + " (at the top level; it belongs in HostConfig) = " + shown(e.getValue()));
            }
        }
        if (refused.isEmpty()) return;
        throw ApiException.badRequest("mini-docker does not support " + String.join(", ", refused)
                + " yet: refusing to create a container with other isolation than requested"
                + " (leave these fields unset or at Docker's default)");
    }

    /** Exec's {@code Privileged} would run the process with the container's capabilities only. */
    static void checkExec(boolean privileged) {
        if (privileged) {
            throw ApiException.badRequest("mini-docker does not support Privileged exec yet:"
                    + " refusing to run the process with fewer privileges than requested");
        }
    }

    private static void collect(JsonNode object, List<Rule> rules, String prefix, List<String> refused) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (RESOURCES.contains(e.getKey().toLowerCase(Locale.ROOT))) continue; // implemented
            for (Rule r : rules) {
                if (r.field().equalsIgnoreCase(e.getKey()) && !r.isDefault().test(e.getValue())) {
                    refused.add(prefix + r.field() + " = " + shown(e.getValue()));
                }
            }
        }
    }

    private static JsonNode field(JsonNode object, String name) {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }

    private static boolean isUnset(JsonNode v) {
        return v.isNull() || FALSE.test(v) || ZERO.test(v) || EMPTY.test(v);
    }

    /** The value as JSON, cut short: the message must stay one readable line. */
    private static String shown(JsonNode v) {
        String s = v.toString();
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
