package dev.minidocker.cli;

import dev.minidocker.runtime.container.ContainerStats;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.util.ArrayList;
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
    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ContainerStore store = new ContainerStore(parent.global.root());
        ContainerStats reader = new ContainerStats();
        List<String> ids = new ArrayList<>();
        for (String c : containers) ids.add(store.resolve(c));
        Map<String, ContainerStats.Sample> previous = sample(store, reader, ids);
        do {
            Thread.sleep(noStream ? 500 : 1000);
            Map<String, ContainerStats.Sample> now = sample(store, reader, ids);
            TextTable table = new TextTable("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %",
                    "NET I/O", "BLOCK I/O", "PIDS");
            for (Map.Entry<String, ContainerStats.Sample> e : now.entrySet()) {
                String id = e.getKey();
                ContainerStats.Sample s = e.getValue();
                ContainerStats.Sample before = previous.get(id);
                String name = store.load(id).map(ContainerRecord::name).orElse("");
                if (s == null) {
                    table.add(noTrunc ? id : id.substring(0, 12), name, "0.00%", "0B / 0B", "0.00%", "0B / 0B", "--", "0");
                    continue;
                }
                long mem = s.cgroupStats().memoryUsageBytes(), limit = s.memoryLimit();
                table.add(noTrunc ? id : id.substring(0, 12), name,
                        String.format("%.2f%%", before == null ? 0.0 : ContainerStats.cpuPercent(before, s)),
                        binary(mem) + " / " + binary(limit),
                        String.format("%.2f%%", limit > 0 ? 100.0 * mem / limit : 0.0),
                        HumanUnits.size(s.rxBytes()) + " / " + HumanUnits.size(s.txBytes()), "--",
                        Long.toString(s.cgroupStats().pidsCurrent()));
            }
            if (!noStream) System.out.print("\033[2J\033[H");
            System.out.print(table.render());
            System.out.flush();
            previous = now;
        } while (!noStream);
        return 0;
    }

    /** The containers to show (the named ones, else the running ones or all), with a sample when running. */
    private Map<String, ContainerStats.Sample> sample(ContainerStore store, ContainerStats reader, List<String> named) {
        Map<String, ContainerStats.Sample> out = new LinkedHashMap<>();
        for (String id : named.isEmpty() ? store.ids() : named) {
            Optional<ContainerState> state = store.state(id);
            if (state.isEmpty()) continue;
            boolean running = Liveness.isRunning(state.get());
            if (!running && named.isEmpty() && !all) continue;
            out.put(id, running ? reader.sample(id, state.get().pid()).orElse(null) : null);
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
