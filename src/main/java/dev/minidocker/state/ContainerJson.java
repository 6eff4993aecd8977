package dev.minidocker.state;

import dev.minidocker.json.JsonWriter;
import dev.minidocker.model.Healthcheck;
import dev.minidocker.model.RestartPolicy;
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
        if (c.healthcheck() != null) healthcheck(w.name("Healthcheck"), c.healthcheck());
        if (c.stopTimeout() != null) w.name("StopTimeout").value(c.stopTimeout().longValue());
        w.endObject();
    }

    /** Docker's omitempty: a zero duration or count is left out. */
    private static void healthcheck(JsonWriter w, Healthcheck h) {
        w.beginObject();
        strings(w, "Test", h.test());
        if (h.interval() != 0) w.name("Interval").value(h.interval());
        if (h.timeout() != 0) w.name("Timeout").value(h.timeout());
        if (h.startPeriod() != 0) w.name("StartPeriod").value(h.startPeriod());
        if (h.startInterval() != 0) w.name("StartInterval").value(h.startInterval());
        if (h.retries() != 0) w.name("Retries").value(h.retries());
        w.endObject();
    }

    private static void hostConfig(JsonWriter w, ContainerRecord.HostConfig h) {
        w.beginObject();
        unwrapped(w, h.resources().fields());
        strings(w, "Binds", h.binds());
        strings(w, "Tmpfs", h.tmpfs());
        string(w, "NetworkMode", h.networkMode());
        w.name("ReadonlyRootfs").value(h.readonlyRootfs());
        w.name("AutoRemove").value(h.autoRemove());
        string(w, "Rootfs", h.rootfs());
        if (h.restartPolicy() != null) restartPolicy(w.name("RestartPolicy"), h.restartPolicy());
        w.name("Init").value(h.init());
        strings(w, "PortBindings", h.portBindings());
        unwrapped(w, h.security().fields());
        strings(w, "AnonymousVolumes", h.anonymousVolumes());
        strings(w, "NetworkAliases", h.networkAliases());
        strings(w, "ExtraHosts", h.extraHosts());
        strings(w, "Dns", h.dns());
        strings(w, "DnsSearch", h.dnsSearch());
        strings(w, "DnsOptions", h.dnsOptions());
        string(w, "IPv4Address", h.ipv4Address());
        if (h.logConfig() != null) {
            w.name("LogConfig").beginObject().name("Type").value(h.logConfig().type());
            map(w.name("Config"), h.logConfig().config());
            w.endObject();
        }
        w.endObject();
    }

    /**
     * Resources and Security are unwrapped into HostConfig: their members (Docker's names, nulls
     * included, as their {@code fields()} give them) go into the enclosing object.
     */
    private static void unwrapped(JsonWriter w, Map<String, Object> fields) {
        for (Map.Entry<String, Object> e : fields.entrySet()) w.name(e.getKey()).any(e.getValue());
    }

    private static void restartPolicy(JsonWriter w, RestartPolicy p) {
        w.beginObject().name("Name").value(p.name()).name("MaximumRetryCount").value(p.maximumRetryCount()).endObject();
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
