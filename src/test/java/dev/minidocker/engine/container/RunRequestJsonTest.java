package dev.minidocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.engine.image.PullPolicy;
import dev.minidocker.json.Json;
import dev.minidocker.json.JsonWriter;
import dev.minidocker.model.HostConfig;
import dev.minidocker.model.PortSpec;
import dev.minidocker.model.RestartPolicy;
import dev.minidocker.model.Security;
import dev.minidocker.model.TestResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lean client writes a run request by hand; the daemon reads it with Jackson into the same record. */
class RunRequestJsonTest {
    private static RunRequest roundTrip(RunRequest r) throws Exception {
        JsonWriter w = new JsonWriter();
        RunRequestJson.write(w, r);
        return Json.MAPPER.readValue(w.toBytes(), RunRequest.class);
    }

    @Test
    void everyFieldSurvivesTheTrip() throws Exception {
        RunRequest full = new RunRequest.Builder().name("web").image("busybox:1.36").command(List.of("sh", "-c", "x \"y\"\n"))
                .entrypoint(List.of("/init", "--")).env("A=1").env("B").envFile(Path.of("/etc/env"))
                .workdir("/srv").user("1000:1000").hostname("box").interactive(true).tty(true).detach(true)
                .network("mynet").volume("/a:/b:ro").tmpfs("/run", "size=1m").tmpfs("/t", "")
                .publish(PortSpec.parse("127.0.0.1:8080:80/udp")).publish(PortSpec.parse("9000")).publishAll(true).expose("7000-7001/udp")
                .readOnly(true).autoRemove(true).init(true).restart(RestartPolicy.parse("on-failure:3"))
                .resources(TestResources.of(64L << 20, -1L, 1.5, 512L, "0-1", 20L))
                .security(Security.NONE.withPrivileged(true).withCapAdd("NET_ADMIN").withCapDrop("ALL")
                        .withSecurityOpt("seccomp=/p.json").withSecurityOpt("no-new-privileges")
                        .withUlimit(Security.Ulimit.parse("nofile=123:456")))
                .label("a=1").label("b").networkAlias("web1").addHost("db:10.0.0.9").dns("10.0.0.53").dnsSearch("example").dnsOption("ndots:2").volumesFrom("other:ro").ip("10.213.9.9")
                .platform("linux/arm64").pull(PullPolicy.NEVER)
                .healthCmd("wget -O- localhost || exit 1").healthInterval(Duration.ofSeconds(2)).healthRetries(4)
                .healthStartPeriod(Duration.ofMillis(1500)).stopSignal("SIGQUIT").stopTimeout(3)
                .logOpt("max-size=1m").logOpt("max-file=2").build();
        assertEquals(full, roundTrip(full));
        RunRequest rootfs = RunRequest.minimal(null, Path.of("/srv/root"), List.of("true"));
        assertEquals(rootfs, roundTrip(rootfs));
        RunRequest off = new RunRequest.Builder().image("busybox").noHealthcheck(true).build();
        assertEquals(off, roundTrip(off));
    }

    /** A field added to the request or its host config must be written too: this count says when to look. */
    @Test
    void theWriterKnowsEveryComponent() {
        assertEquals(21, RunRequest.class.getRecordComponents().length, "add the new field to RunRequestJson");
        assertEquals(19, HostConfig.class.getRecordComponents().length, "add the new field to RunRequestJson");
    }
}
