package dev.minidocker.engine.container;

import dev.minidocker.json.JsonWriter;
import dev.minidocker.model.Healthcheck;
import dev.minidocker.model.HostConfig;
import dev.minidocker.model.PortSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@link RunRequest} as the JSON Jackson reads back into the same record (the daemon reads it
 * so), written without Jackson: the lean client of {@code run} sends it and must not load Jackson
 * (cold, its data binding costs more than the client's whole run). RunRequestJsonTest checks the
 * round trip, so a field added to the request and missed here fails there. Resources write
 * themselves ({@link dev.minidocker.model.Resources#fields()}): a new limit needs no line here.
 */
public final class RunRequestJson {
    private RunRequestJson() {}

    public static void write(JsonWriter w, RunRequest r) {
        w.beginObject();
        w.name("name").value(r.name());
        w.name("image").value(r.image());
        w.name("rootfs").value(r.rootfs() == null ? null : r.rootfs().toString());
        w.name("command").strings(r.command());
        w.name("entrypoint").strings(r.entrypoint());
        w.name("env").strings(r.env());
        w.name("envFiles").beginArray();
        for (Path f : r.envFiles()) w.value(f.toString());
        w.endArray();
        w.name("workdir").value(r.workdir());
        w.name("user").value(r.user());
        w.name("hostname").value(r.hostname());
        w.name("interactive").value(r.interactive());
        w.name("tty").value(r.tty());
        w.name("detach").value(r.detach());
        w.name("host");
        host(w, r.host());
        w.name("platform").value(r.platform());
        w.name("pull").value(r.pull().name());
        w.name("labels").beginObject();
        for (Map.Entry<String, String> l : r.labels().entrySet()) w.name(l.getKey()).value(l.getValue());
        w.endObject();
        w.name("healthcheck");
        healthcheck(w, r.healthcheck());
        w.name("stopSignal").value(r.stopSignal());
        w.name("stopTimeout").value(r.stopTimeout() == null ? null : Long.valueOf(r.stopTimeout()));
        w.name("exposedPorts").strings(r.exposedPorts());
        w.endObject();
    }

    private static void healthcheck(JsonWriter w, Healthcheck h) {
        if (h == null) {
            w.value((String) null);
            return;
        }
        w.beginObject().name("Test").strings(h.test()).name("Interval").value(h.interval())
                .name("Timeout").value(h.timeout()).name("StartPeriod").value(h.startPeriod())
                .name("StartInterval").value(h.startInterval()).name("Retries").value(h.retries()).endObject();
    }

    private static void host(JsonWriter w, HostConfig h) {
        w.beginObject();
        w.name("resources").any(h.resources().fields());
        w.name("binds").strings(h.binds());
        w.name("tmpfs").beginObject();
        for (Map.Entry<String, String> t : h.tmpfs().entrySet()) w.name(t.getKey()).value(t.getValue());
        w.endObject();
        w.name("networkMode").value(h.networkMode());
        w.name("readonlyRootfs").value(h.readonlyRootfs());
        w.name("autoRemove").value(h.autoRemove());
        w.name("restartPolicy").beginObject().name("Name").value(h.restartPolicy().name())
                .name("MaximumRetryCount").value(h.restartPolicy().maximumRetryCount()).endObject();
        w.name("init").value(h.init());
        w.name("portBindings").beginArray();
        List<PortSpec> ports = h.portBindings();
        for (PortSpec p : ports) {
            w.beginObject().name("hostIp").value(p.hostIp()).name("hostPort").value(p.hostPort())
                    .name("containerPort").value(p.containerPort()).name("protocol").value(p.protocol()).endObject();
        }
        w.endArray();
        w.name("publishAllPorts").value(h.publishAllPorts());
        w.name("security").any(h.security().fields());
        w.name("networkAliases").strings(h.networkAliases());
        w.name("extraHosts").strings(h.extraHosts());
        w.name("dns").strings(h.dns());
        w.name("dnsSearch").strings(h.dnsSearch());
        w.name("dnsOptions").strings(h.dnsOptions());
        w.name("volumesFrom").strings(h.volumesFrom());
        w.name("ipv4Address").value(h.ipv4Address());
        w.name("logConfig").beginObject().name("Type").value(h.logConfig().type()).name("Config").beginObject();
        for (Map.Entry<String, String> o : h.logConfig().config().entrySet()) w.name(o.getKey()).value(o.getValue());
        w.endObject().endObject();
        w.endObject();
    }
}
