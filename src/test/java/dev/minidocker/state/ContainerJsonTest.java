package dev.minidocker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.json.Json;
import dev.minidocker.model.Resources;
import dev.minidocker.model.RestartPolicy;
import dev.minidocker.model.Security;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The hand-written config.json and state.json are, byte for byte, what Jackson writes from the records' annotations. */
class ContainerJsonTest {
    private static final String ID = "a".repeat(64);

    static ContainerRecord minimal() {
        return new ContainerRecord(ID, "n", null, "/rootfs",
                new ContainerRecord.Config(null, null, List.of(), "/", "", "h", false, false),
                new ContainerRecord.HostConfig(Resources.NONE, List.of(), List.of(), "none", false, true, null), "2026-12-06T00:00:00Z");
    }

    static ContainerRecord everything(String odd) {
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.ipv4.ip_forward", "1");
        sysctls.put("kernel.msgmax", odd);
        return new ContainerRecord(ID, "web", "sha256:" + "b".repeat(64), "busybox:latest",
                new ContainerRecord.Config(List.of("sh", "-c", odd), List.of("/entry"), List.of("A=1", "B=" + odd), "/w", "1000:1000",
                        "host", true, true, "SIGQUIT", List.of("80/tcp"), new TreeMap<>(Map.of("k", "v", "odd", odd)),
                        new dev.minidocker.model.Healthcheck(List.of("CMD-SHELL", odd), 2_000_000_000L, 0, 0, 0, 5), 3),
                new ContainerRecord.HostConfig(Resources.NONE.withMemory(64L << 20).withMemorySwap(-1).withNanoCpus(1_500_000_000L)
                        .withCpuShares(512).withCpusetCpus("0-1").withPidsLimit(100L).withCpuQuota(25_000),
                        List.of("/a:/b:ro"), List.of("/t:size=1m"), "mynet", true, false, "/r", new RestartPolicy("on-failure", 3), true,
                        List.of("127.0.0.1:8080:80/tcp"), null,
                        new Security(true, List.of("NET_ADMIN"), List.of("ALL"), List.of("seccomp=unconfined", "no-new-privileges"),
                                List.of(new Security.Ulimit("nofile", 1024, 2048), new Security.Ulimit("nproc", -1, -1)), sysctls,
                                List.of("wheel"), List.of(new Security.DeviceMapping("/dev/fuse", "/dev/fuse", "rwm")), List.of("c 10:229 rwm")),
                        List.of("vol:/data"), List.of("alias"), List.of("db:10.0.0.3"), List.of("127.0.0.53"), List.of("example.org"),
                        List.of("ndots:2"), "10.213.0.9",
                        new dev.minidocker.model.LogConfig("json-file", Map.of("max-size", "10m", "max-file", odd))),
                "2026-12-06T00:00:00.123456789Z");
    }

    @Test
    void theSameBytesAsJacksonForAMinimalAndAFullRecord() throws Exception {
        for (ContainerRecord r : List.of(minimal(), everything("plain"), everything("quote \" back\\slash \u00e9\u4e2d tab\t nl\n cr\r bs\b ff\f bell\u0007 esc\u001b del\u007f"))) {
            String ours = new String(ContainerJson.config(r), StandardCharsets.UTF_8);
            assertEquals(Json.MAPPER.writeValueAsString(r), ours);
            assertEquals(r, Json.MAPPER.readValue(ours, ContainerRecord.class));
        }
    }

    @Test
    void stateInTheSameBytesAsJackson() throws Exception {
        java.time.Instant at = java.time.Instant.parse("2026-12-06T01:02:03.456Z");
        ContainerState running = ContainerState.created().running(4242, 987654321L, at);
        for (ContainerState s : List.of(ContainerState.created(), running, running.withPaused(true).withManuallyStopped(true).restarted(),
                running.exited(137, true, at), running.failed(127, "exec: \"nope\": not found\n", at))) {
            String ours = new String(ContainerJson.state(s), StandardCharsets.UTF_8);
            assertEquals(Json.MAPPER.writeValueAsString(s), ours);
            assertEquals(s, Json.MAPPER.readValue(ours, ContainerState.class));
        }
    }
}
