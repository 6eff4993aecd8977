package dev.minidocker.cli;

import dev.minidocker.engine.DiskUsage;
import dev.minidocker.engine.Filters;
import dev.minidocker.engine.container.ContainerEntry;
import dev.minidocker.model.PortBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker ps [-a] [-q] [-n N | -l] [--no-trunc] [--format F]}: containers, newest first
 * (also {@code container ls}); {@code -n}/{@code -l} the last created, in every state, as docker's.
 */
@Command(name = "ps", description = "List containers (running ones unless -a).")
public final class PsCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running).")
    boolean all;
    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs.")
    boolean quiet;
    @Option(names = {"-s", "--size"}, description = "Display total file sizes.")
    boolean size;
    @Option(names = {"-n", "--last"}, paramLabel = "N", defaultValue = "-1",
            description = "Show the N last created containers (includes all states).")
    int last;
    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states).")
    boolean latest;
    @Option(names = "--no-trunc", description = "Don't truncate output.")
    boolean noTrunc;
    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = "Filter output (Docker's keys): status=, name=, id=, label=K[=V], label!=, ancestor=, before=, since=, network=, volume=, exited=.")
    List<String> filters = new ArrayList<>();
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "A Go template per container ({{.ID}} {{.Names}} {{.Image}} {{.Status}} ...), 'table TEMPLATE', or 'json'.")
    String format;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        int limit = latest ? 1 : last; // as the docker CLI: -l is -n 1, and either lists every state
        List<ContainerEntry> rows = ParentGlobals.of(parent).engine().containers().list(Filters.fromArgs(filters),
                all || limit > 0, false);
        if (limit > 0 && rows.size() > limit) rows = rows.subList(0, limit);
        java.util.Map<String, long[]> sizes = null;
        if (size && !quiet) { // each one's writable layer, and with its image (as system df counts them)
            sizes = new java.util.HashMap<>();
            for (DiskUsage.ContainerUsage u : ParentGlobals.of(parent).engine().containerSizes(rows)) {
                sizes.put(u.container().id(), new long[] {u.sizeRw(), u.sizeRootFs()});
            }
        }
        StringBuilder out = new StringBuilder();
        if (format != null && !quiet) {
            List<java.util.Map<String, String>> fields = new ArrayList<>();
            for (ContainerEntry c : rows) fields.add(PsTable.fields(c, noTrunc, now, sizes));
            out.append(ListFormat.render(format, fields, PsTable.FIELD_HEADERS));
        } else if (quiet) {
            for (ContainerEntry c : rows) out.append(noTrunc ? c.id() : c.shortId()).append('\n');
        } else {
            out.append(PsTable.render(rows, noTrunc, now, sizes));
        }
        System.out.print(out);
        System.out.flush();
        return 0;
    }

    /** Published ports of a running container, as Docker's PORTS column shows them. */
    static String ports(ContainerEntry c) {
        List<String> out = new ArrayList<>();
        for (PortBinding p : c.ports()) out.add(p.psForm());
        return String.join(", ", out);
    }
}
