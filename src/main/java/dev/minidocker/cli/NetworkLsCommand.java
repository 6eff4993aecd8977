package dev.minidocker.cli;

import dev.minidocker.engine.network.NetworkEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code network ls [-q] [--no-trunc] [--filter K=V] [--format F]}: the default networks and every
 * user network, in docker's columns (each one's subnet and bridge are in {@code network inspect}).
 */
@Command(name = "ls", aliases = "list", description = "List networks.")
public final class NetworkLsCommand implements Callable<Integer> {
    /** The column titles of {@code network ls --format 'table ...'}, by docker's field names. */
    static final Map<String, String> FIELD_HEADERS = Map.of("ID", "NETWORK ID", "Name", "NAME", "Driver", "DRIVER",
            "Scope", "SCOPE", "IPv6", "IPV6", "Internal", "INTERNAL", "Labels", "LABELS");
    /** docker's default output. */
    static final String DEFAULT_FORMAT = "table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}";

    @ParentCommand
    NetworkCommand parent;

    @Option(names = {"-q", "--quiet"}, description = "Only display network IDs.")
    boolean quiet;
    @Option(names = "--no-trunc", description = "Do not truncate the output.")
    boolean noTrunc;
    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", description = "Filter output (id, name, driver, type, label, dangling).")
    List<String> filters = new ArrayList<>();
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "A Go template per network ({{.ID}} {{.Name}} {{.Driver}} {{.Scope}} ...), 'table TEMPLATE', or 'json'.")
    String format;

    @Override
    public Integer call() {
        List<Map<String, String>> rows = new ArrayList<>();
        List<NetworkEntry> networks = new ArrayList<>(parent.networks().list(dev.minidocker.engine.Filters.fromArgs(filters)));
        networks.sort(java.util.Comparator.comparing(NetworkEntry::name)); // by name, as the docker CLI lists them
        for (NetworkEntry n : networks) rows.add(fields(n));
        if (quiet) {
            for (Map<String, String> r : rows) System.out.println(r.get("ID"));
        } else {
            System.out.print(ListFormat.render(format != null ? format : DEFAULT_FORMAT, rows, FIELD_HEADERS));
        }
        return 0;
    }

    private Map<String, String> fields(NetworkEntry n) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("ID", noTrunc ? n.id() : n.id().substring(0, 12));
        f.put("Name", n.name());
        f.put("Driver", n.driver());
        f.put("Scope", "local");
        f.put("IPv6", "false");
        f.put("Internal", "false");
        f.put("Labels", "");
        return f;
    }
}
