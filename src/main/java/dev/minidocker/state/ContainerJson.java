package dev.minidocker.state;

import dev.minidocker.json.JsonWriter;
import dev.minidocker.model.Resources;
import dev.minidocker.model.RestartPolicy;
import dev.minidocker.model.Security;
import java.util.List;
import java.util.Map;

/**
 * Writes a container's {@code config.json} and {@code state.json} by hand, in exactly the bytes
 * Jackson writes from the annotations of {@link ContainerRecord} and {@link ContainerState} (a
 * test holds them together; Jackson still reads both). Why: the in-process {@code run} writes
 * both while its stage 2 boots on the other core, and Jackson's first serialization of these
 * records (introspecting six record types) cost ~120 ms of that CPU. Members in declaration
 * order; the records, Config and HostConfig leave out nulls, Resources and Security (unwrapped
 * into HostConfig) write every member.
 */
final class ContainerJson {
    private ContainerJson() {}

    static byte[] state(ContainerState s) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        string(w, "Status", s.status());
        w.name("Pid").value(s.pid());
        w.name("StartTime").value(s.startTime());
        w.name("ExitCode").value(s.exitCode());
        w.name("OOMKilled").value(s.oomKilled());
        string(w, "StartedAt", s.startedAt());
        string(w, "FinishedAt", s.finishedAt());
        string(w, "Error", s.error());
        w.name("RestartCount").value(s.restartCount());
        w.name("ManuallyStopped").value(s.manuallyStopped());
        w.name("Paused").value(s.paused());
        return w.endObject().toBytes();
    }

    static byte[] config(ContainerRecord r) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        string(w, "Id", r.id());
        string(w, "Name", r.name());
        string(w, "Image", r.image());
        string(w, "ImageRef", r.imageRef());
        if (r.config() != null) config(w.name("Config"), r.config());
        if (r.hostConfig() != null) hostConfig(w.name("HostConfig"), r.hostConfig());
        string(w, "Created", r.created());
        return w.endObject().toBytes();
    }

    private static void config(JsonWriter w, ContainerRecord.Config c) {
        w.beginObject();
        strings(w, "Cmd", c.cmd());
        strings(w, "Entrypoint", c.entrypoint());
        strings(w, "Env", c.env());
        string(w, "WorkingDir", c.workingDir());
        string(w, "User", c.user());
        string(w, "Hostname", c.hostname());
        w.name("Tty").value(c.tty());
        w.name("OpenStdin").value(c.openStdin());
        string(w, "StopSignal", c.stopSignal());
        strings(w, "ExposedPorts", c.exposedPorts());
        if (c.labels() != null) map(w.name("Labels"), c.labels());
        w.endObject();
    }

    private static void hostConfig(JsonWriter w, ContainerRecord.HostConfig h) {
        w.beginObject();
        resources(w, h.resources());
        strings(w, "Binds", h.binds());
        strings(w, "Tmpfs", h.tmpfs());
        string(w, "NetworkMode", h.networkMode());
        w.name("ReadonlyRootfs").value(h.readonlyRootfs());
        w.name("AutoRemove").value(h.autoRemove());
        string(w, "Rootfs", h.rootfs());
        if (h.restartPolicy() != null) restartPolicy(w.name("RestartPolicy"), h.restartPolicy());
        w.name("Init").value(h.init());
        strings(w, "PortBindings", h.portBindings());
        security(w, h.security());
        strings(w, "AnonymousVolumes", h.anonymousVolumes());
        strings(w, "NetworkAliases", h.networkAliases());
        strings(w, "ExtraHosts", h.extraHosts());
        strings(w, "Dns", h.dns());
        strings(w, "DnsSearch", h.dnsSearch());
        strings(w, "DnsOptions", h.dnsOptions());
        string(w, "IPv4Address", h.ipv4Address());
        w.endObject();
    }

    /** Unwrapped: its members go into the enclosing object, nulls included. */
    private static void resources(JsonWriter w, Resources r) {
        w.name("Memory").value(r.memory());
        w.name("MemorySwap").value(r.memorySwap());
        w.name("NanoCpus").value(r.nanoCpus());
        w.name("CpuShares").value(r.cpuShares());
        w.name("CpusetCpus").value(r.cpusetCpus());
        w.name("PidsLimit").value(r.pidsLimit());
        w.name("CpuQuota").value(r.cpuQuota());
    }

    private static void restartPolicy(JsonWriter w, RestartPolicy p) {
        w.beginObject().name("Name").value(p.name()).name("MaximumRetryCount").value(p.maximumRetryCount()).endObject();
    }

    /** Unwrapped as Resources; its lists and map are never null. */
    private static void security(JsonWriter w, Security s) {
        w.name("Privileged").value(s.privileged());
        w.name("CapAdd").strings(s.capAdd());
        w.name("CapDrop").strings(s.capDrop());
        w.name("SecurityOpt").strings(s.securityOpt());
        w.name("Ulimits").beginArray();
        for (Security.Ulimit u : s.ulimits()) {
            w.beginObject().name("Name").value(u.name()).name("Soft").value(u.soft()).name("Hard").value(u.hard()).endObject();
        }
        w.endArray();
        map(w.name("Sysctls"), s.sysctls());
        w.name("GroupAdd").strings(s.groupAdd());
        w.name("Devices").beginArray();
        for (Security.DeviceMapping d : s.devices()) {
            w.beginObject().name("PathOnHost").value(d.pathOnHost()).name("PathInContainer").value(d.pathInContainer())
                    .name("CgroupPermissions").value(d.cgroupPermissions()).endObject();
        }
        w.endArray();
        w.name("DeviceCgroupRules").strings(s.deviceCgroupRules());
    }

    private static void string(JsonWriter w, String name, String value) {
        if (value != null) w.name(name).value(value);
    }

    private static void strings(JsonWriter w, String name, List<String> values) {
        if (values != null) w.name(name).strings(values);
    }

    private static void map(JsonWriter w, Map<String, String> m) {
        w.beginObject();
        for (Map.Entry<String, String> e : m.entrySet()) w.name(e.getKey()).value(e.getValue());
        w.endObject();
    }
}
