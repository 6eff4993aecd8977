package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.container.ContainerEntry;
import dev.minidocker.model.PortBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker ps [-a] [-q] [--no-trunc]}: containers, newest first. */
@Command(name = "ps", description = "List containers (running ones unless -a).")
public final class PsCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        Instant now = Instant.now();
        List<ContainerEntry> rows = new ArrayList<>();
        for (ContainerEntry c : parent.global.engine().containers().list(false)) {
            // (the filters are read at the first container: without any, a bad one goes unnoticed, as it always did)
            if ((all || !filters.isEmpty() || c.status().running()) && matches(filters(), c)) rows.add(c);
        }
        StringBuilder out = new StringBuilder();
        if (quiet) {
            for (ContainerEntry c : rows) out.append(noTrunc ? c.id() : c.shortId()).append('\n');
        } else {
            out.append(PsTable.render(rows, noTrunc, now));
        }
        System.out.print(out);
        System.out.flush();
        return 0;
    }

    /** Docker's filters: each key must match one of its values; keys other than these are an error. */
    private Map<String, List<String>> filters() {
        Map<String, List<String>> byKey = new HashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw new MiniDockerException("bad format of filter (expected name=value)");
            String key = f.substring(0, eq);
            if (!List.of("status", "name", "id").contains(key)) throw new MiniDockerException("invalid filter '" + key + "'");
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
        return byKey;
    }

    private static boolean matches(Map<String, List<String>> byKey, ContainerEntry c) {
        for (var e : byKey.entrySet()) {
            boolean any = e.getValue().stream().anyMatch(v -> switch (e.getKey()) {
                case "status" -> v.equals(c.status().status());
                case "name" -> c.name().contains(v);
                default -> c.id().startsWith(v);
            });
            if (!any) return false;
        }
        return true;
    }

    /** Published ports of a running container, as Docker's PORTS column shows them. */
    static String ports(ContainerEntry c) {
        List<String> out = new ArrayList<>();
        for (PortBinding p : c.ports()) out.add(p.psForm());
        return String.join(", ", out);
    }
}
