package dev.minidocker.api.engine;

import dev.minidocker.MiniDockerException;
import dev.minidocker.api.ApiException;
import dev.minidocker.api.ApiExchange;
import dev.minidocker.api.Router;
import dev.minidocker.api.model.ContainerStatsResponse;
import dev.minidocker.api.model.ContainerStatsResponse.CpuStats;
import dev.minidocker.api.model.ContainerStatsResponse.CpuUsage;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.HostFacts;
import dev.minidocker.engine.container.StatsSample;
import dev.minidocker.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /containers/{id}/top} ({@code docker top}) and {@code GET /containers/{id}/stats}
 * ({@code docker stats}): a stream of one entry a second, or one entry ({@code stream=false}; with
 * {@code one-shot=true} without the previous sample, as Docker).
 */
final class ContainerStatsEndpoints {
    private static final long INTERVAL_MILLIS = 1000;
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private final Engine engine;

    ContainerStatsEndpoints(Engine engine) {
        this.engine = engine;
    }

    void register(Router r) {
        r.get("/containers/{id}/top", this::top);
        r.get("/containers/{id}/stats", this::stats);
    }

    /** {"Titles": ["UID", "PID", ...], "Processes": [[...], ...]}; 409 when it does not run. */
    private void top(ApiExchange ex) throws IOException {
        String id = engine.containers().resolve(ex.request().param("id"));
        List<List<String>> rows;
        try {
            String psArgs = ex.request().query("ps_args", "").strip();
            rows = engine.containers().top(id, psArgs.isEmpty() ? List.of() : List.of(psArgs.split("\\s+")));
        } catch (MiniDockerException e) {
            if (e.getMessage() != null && e.getMessage().endsWith("is not running")) throw ApiException.conflict(e.getMessage());
            throw e;
        }
        ex.json(200, Map.of("Titles", rows.getFirst(), "Processes", new ArrayList<>(rows.subList(1, rows.size()))));
    }

    private void stats(ApiExchange ex) throws IOException {
        String id = engine.containers().resolve(ex.request().param("id"));
        String name = "/" + engine.containers().nameOf(id).orElse("");
        boolean stream = ex.request().query("stream", "true").matches("(?i)true|1");
        boolean oneShot = ex.request().flag("one-shot");
        Reading previous = new Reading(engine.containers().sample(id), HostFacts.systemCpuNanos(), Instant.now());
        if (!stream) {
            if (!oneShot && previous.sample().isPresent()) {
                sleep();
                Reading now = new Reading(engine.containers().sample(id), HostFacts.systemCpuNanos(), Instant.now());
                ex.json(200, entry(id, name, now, previous));
            } else {
                ex.json(200, entry(id, name, previous, null));
            }
            return;
        }
        try (OutputStream out = ex.stream(200, "application/json")) {
            Reading before = null;
            while (true) {
                Reading now = before == null ? previous : new Reading(engine.containers().sample(id),
                        HostFacts.systemCpuNanos(), Instant.now());
                out.write(Json.MAPPER.writeValueAsBytes(entry(id, name, now, before)));
                out.write('\n');
                out.flush();
                if (now.sample().isEmpty() && !engine.containers().isRunning(id)) return; // ended: Docker stops too
                before = now;
                sleep();
            }
        } catch (IOException clientGone) {
            // the client stopped reading
        }
    }

    private record Reading(Optional<StatsSample> sample, long systemCpu, Instant at) {}

    private static ContainerStatsResponse entry(String id, String name, Reading now, Reading before) {
        StatsSample s = now.sample().orElse(null);
        StatsSample p = before == null ? null : before.sample().orElse(null);
        int cpus = Runtime.getRuntime().availableProcessors();
        Map<String, Map<String, Long>> networks = s == null ? Map.of() : Map.of("eth0", Map.of(
                "rx_bytes", s.rxBytes(), "tx_bytes", s.txBytes(), "rx_packets", 0L, "tx_packets", 0L,
                "rx_errors", 0L, "tx_errors", 0L, "rx_dropped", 0L, "tx_dropped", 0L));
        return new ContainerStatsResponse(s == null ? ZERO_TIME : now.at().toString(),
                p == null ? ZERO_TIME : before.at().toString(), id, name, 0,
                Map.of("current", s == null ? 0L : s.pids()), Map.of("io_service_bytes_recursive", List.of()), Map.of(),
                cpu(s, s == null ? 0 : now.systemCpu(), cpus), cpu(p, p == null ? 0 : before.systemCpu(), cpus),
                new ContainerStatsResponse.MemoryStats(s == null ? 0 : s.memoryUsage(), s == null ? 0 : s.memoryLimit(),
                        Map.of("inactive_file", 0L)), networks);
    }

    private static CpuStats cpu(StatsSample s, long systemCpu, int cpus) {
        return new CpuStats(new CpuUsage(s == null ? 0 : s.cpuUsageNanos(), 0, 0), systemCpu, s == null ? 0 : cpus,
                Map.of("periods", 0L, "throttled_periods", 0L, "throttled_time", 0L));
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
