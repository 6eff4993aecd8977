package dev.minidocker.cli;

import dev.minidocker.engine.container.StatsSample;
import dev.minidocker.engine.container.ContainerService;
import dev.minidocker.engine.HumanUnits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker stats [--no-stream] [CONTAINER...]}: cpu, memory usage/limit and pids from
 * each container's cgroup. CPU % needs two samples, taken half a second apart (Docker's
 * {@code --no-stream} waits for two too); without --no-stream the table refreshes every second.
 */
@Command(name = "stats", description = "Display a live stream of container resource usage statistics.")
public final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result.")
    boolean noStream;
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running).")
    boolean all;
    @Option(names = "--no-trunc", description = "Do not truncate output.")
    boolean noTrunc;
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Format output: 'table TEMPLATE', 'json', or a Go template ({{.Name}} {{.CPUPerc}} {{.MemUsage}} ...).")
    String format;
    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ContainerService service = parent.global.engine().containers();
        List<String> ids = new ArrayList<>();
        Map<String, String> asTyped = new HashMap<>(); // .Container: the name or id as the user gave it
        for (String c : containers) {
            String id = service.resolve(c);
            ids.add(id);
            asTyped.put(id, c);
        }
        Map<String, StatsSample> previous = sample(service, ids);
        do {
            Thread.sleep(noStream ? 500 : 1000);
            Map<String, StatsSample> now = sample(service, ids);
            List<Map<String, String>> rows = new ArrayList<>();
            for (Map.Entry<String, StatsSample> e : now.entrySet()) {
                Map<String, String> row = row(e.getKey(), service.nameOf(e.getKey()).orElse(""), previous.get(e.getKey()), e.getValue());
                if (asTyped.containsKey(e.getKey())) row.put("Container", asTyped.get(e.getKey()));
                rows.add(row);
            }
            String table = ListFormat.render(format == null || format.isEmpty() ? DEFAULT_FORMAT : format, rows, FIELD_HEADERS);
            if (!noStream) System.out.print("\033[2J\033[H");
            System.out.print(table);
            System.out.flush();
            previous = now;
        } while (!noStream);
        return 0;
    }

    /** docker stats' fields, with their column titles. */
    static final Map<String, String> FIELD_HEADERS = orderedMap("Container", "CONTAINER", "ID", "CONTAINER ID", "Name", "NAME",
            "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O", "BlockIO", "BLOCK I/O",
            "PIDs", "PIDS");
    static final String DEFAULT_FORMAT =
            "table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}\\t{{.BlockIO}}\\t{{.PIDs}}";

    /** One container's row: docker's texts for a sample (and the one before, for CPU %), or zeros when it is not running. */
    private Map<String, String> row(String id, String name, StatsSample before, StatsSample s) {
        String shownId = noTrunc ? id : id.substring(0, 12);
        if (s == null) {
            return orderedMap("Container", shownId, "ID", shownId, "Name", name, "CPUPerc", "0.00%", "MemUsage", "0B / 0B",
                    "MemPerc", "0.00%", "NetIO", "0B / 0B", "BlockIO", "--", "PIDs", "0");
        }
        long mem = s.memoryUsage(), limit = s.memoryLimit();
        return orderedMap("Container", shownId, "ID", shownId, "Name", name,
                "CPUPerc", String.format("%.2f%%", before == null ? 0.0 : StatsSample.cpuPercent(before, s)),
                "MemUsage", binary(mem) + " / " + binary(limit),
                "MemPerc", String.format("%.2f%%", limit > 0 ? 100.0 * mem / limit : 0.0),
                "NetIO", HumanUnits.size(s.rxBytes()) + " / " + HumanUnits.size(s.txBytes()), "BlockIO", "--",
                "PIDs", Long.toString(s.pids()));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** The containers to show (the named ones, else the running ones or all), with a sample when running. */
    private Map<String, StatsSample> sample(ContainerService service, List<String> named) {
        Map<String, StatsSample> out = new LinkedHashMap<>();
        for (String id : named.isEmpty() ? service.ids() : named) {
            if (service.status(id).isEmpty()) continue;
            Optional<StatsSample> sample = service.sample(id);
            if (sample.isEmpty() && named.isEmpty() && !all) continue;
            out.put(id, sample.orElse(null));
        }
        return out;
    }

    /** go-units BytesSize: binary units, 4 significant digits ("1.484MiB"). */
    static String binary(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return s + units[u];
    }
}
