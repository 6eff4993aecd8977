package dev.minidocker.cli;

import dev.minidocker.network.ContainerNetworking;
import dev.minidocker.network.PortBinding;
import dev.minidocker.state.ContainerRecord;
import dev.minidocker.state.ContainerState;
import dev.minidocker.state.ContainerStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker ps [-a] [-q] [--no-trunc]}: containers, newest first. */
@Command(name = "ps", description = "List containers (running ones unless -a).")
public final class PsCommand implements Callable<Integer> {
    /** Docker shows a container whose state was lost (here: its init died unseen) as exited 255. */
    static final int LOST_EXIT_CODE = 255;

    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running).")
    boolean all;
    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs.")
    boolean quiet;
    @Option(names = "--no-trunc", description = "Don't truncate output.")
    boolean noTrunc;
    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = "Filter output: status=(created|running|exited), name=NAME, id=PREFIX.")
    List<String> filters = new ArrayList<>();

    /** Published ports of a running container, as Docker's PORTS column shows them. */
    private static String ports(ContainerNetworking networking, String id) {
        return networking.endpoint(id).map(e -> e.ports().stream().map(PortBinding::psForm)
                .collect(java.util.stream.Collectors.joining(", "))).orElse("");
    }

    @Override
    public Integer call() {
        ContainerStore store = new ContainerStore(parent.global.root());
        Instant now = Instant.now();
        List<PsTable.Row> rows = new ArrayList<>();
        ContainerNetworking networking = new ContainerNetworking(parent.global.root(), store);
        for (String id : store.ids()) {
            Optional<ContainerRecord> record = store.load(id);
            Optional<ContainerState> state = store.state(id);
            if (record.isEmpty() || state.isEmpty()) continue; // removed while we listed
            ContainerState effective = effective(state.get(), now);
            boolean filtered = !filters.isEmpty();
            if ((all || filtered || effective.isRunning()) && matches(record.get(), effective)) {
                rows.add(new PsTable.Row(record.get(), effective, effective.isRunning() ? ports(networking, id) : ""));
            }
        }
        rows.sort(Comparator.comparing((PsTable.Row r) -> Instant.parse(r.record().created())).reversed());
        StringBuilder out = new StringBuilder();
        if (quiet) {
            rows.forEach(r -> out.append(noTrunc ? r.record().id() : r.record().id().substring(0, 12)).append('\n'));
        } else {
            out.append(PsTable.render(rows, noTrunc, now));
        }
        System.out.print(out);
        System.out.flush();
        return 0;
    }

    /** Docker's filters: each key must match one of its values; keys other than these are an error. */
    private boolean matches(ContainerRecord record, ContainerState state) {
        java.util.Map<String, List<String>> byKey = new java.util.HashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw new dev.minidocker.MiniDockerException("bad format of filter (expected name=value)");
            String key = f.substring(0, eq);
            if (!List.of("status", "name", "id").contains(key)) {
                throw new dev.minidocker.MiniDockerException("invalid filter '" + key + "'");
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
        for (var e : byKey.entrySet()) {
            boolean any = e.getValue().stream().anyMatch(v -> switch (e.getKey()) {
                case "status" -> v.equals(state.status());
                case "name" -> record.name().contains(v);
                default -> record.id().startsWith(v);
            });
            if (!any) return false;
        }
        return true;
    }

    /** A "running" record whose init is gone (or whose pid now belongs to another process) is exited. */
    static ContainerState effective(ContainerState s, Instant now) {
        return dev.minidocker.runtime.container.Liveness.effective(s);
    }
}
