package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.engine.RootPrivileges;
import dev.minidocker.engine.volume.VolumeService;
import dev.minidocker.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code volume create/ls/inspect/rm/prune}: named volumes of the local driver, in the store. */
@Command(name = "volume", description = "Manage volumes.",
        subcommands = {VolumeCommand.Create.class, VolumeCommand.Ls.class, VolumeCommand.Inspect.class,
                VolumeCommand.Rm.class, VolumeCommand.Prune.class})
public final class VolumeCommand {
    @ParentCommand
    Main main;

    VolumeService volumes() {
        RootPrivileges.require("volume");
        return main.global.engine().volumes();
    }

    @Command(name = "create", description = "Create a volume.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        VolumeCommand parent;
        @Option(names = {"-d", "--driver"}, description = "Volume driver name (only local).")
        String driver = "local";
        @Option(names = {"-l", "--label"}, description = "Set metadata for a volume (KEY=VALUE).")
        List<String> labels = new ArrayList<>();
        @Option(names = {"-o", "--opt"}, description = "Set driver specific options (none are supported).")
        List<String> opts = new ArrayList<>();
        @Parameters(paramLabel = "VOLUME", arity = "0..1")
        String name;

        @Override
        public Integer call() {
            System.out.println(parent.volumes().create(name, driver, pairs(labels), pairs(opts)).name());
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List volumes.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        VolumeCommand parent;
        @Option(names = {"-q", "--quiet"}, description = "Only display volume names.")
        boolean quiet;
        @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", description = "Filter output (name, driver, label, label!, dangling).")
        List<String> filters = new ArrayList<>();
        @Option(names = "--format", paramLabel = "FORMAT",
                description = "A Go template per volume ({{.Name}} {{.Driver}} {{.Mountpoint}} ...), 'table TEMPLATE', or 'json'.")
        String format;

        /** The column titles of {@code volume ls --format 'table ...'}, by docker's field names. */
        static final Map<String, String> FIELD_HEADERS = Map.of("Name", "VOLUME NAME", "Driver", "DRIVER",
                "Scope", "SCOPE", "Mountpoint", "MOUNTPOINT", "Labels", "LABELS");
        /** docker's default output. */
        static final String DEFAULT_FORMAT = "table {{.Driver}}\\t{{.Name}}";

        @Override
        public Integer call() {
            List<VolumeService.Volume> volumes = new ArrayList<>(parent.volumes().list(dev.minidocker.engine.Filters.fromArgs(filters)));
            volumes.sort(java.util.Comparator.comparing(VolumeService.Volume::name)); // by name, as the docker CLI lists them
            if (quiet) {
                for (VolumeService.Volume v : volumes) System.out.println(v.name());
                return 0;
            }
            List<Map<String, String>> rows = new ArrayList<>();
            for (VolumeService.Volume v : volumes) rows.add(fields(v));
            System.out.print(ListFormat.render(format != null ? format : DEFAULT_FORMAT, rows, FIELD_HEADERS));
            return 0;
        }

        /** One volume as {@code volume ls} and its {@code --format} see it: docker's field names. */
        private static Map<String, String> fields(VolumeService.Volume v) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("Name", v.name());
            f.put("Driver", v.driver());
            f.put("Scope", "local");
            f.put("Mountpoint", v.mountpoint());
            List<String> labels = new ArrayList<>();
            for (Map.Entry<String, String> l : v.labels().entrySet()) labels.add(l.getKey() + "=" + l.getValue());
            f.put("Labels", String.join(",", labels));
            return f;
        }
    }

    @Command(name = "inspect", description = "Display detailed information on one or more volumes.")
    static final class Inspect implements Callable<Integer> {
        @ParentCommand
        VolumeCommand parent;
        @Parameters(paramLabel = "VOLUME", arity = "1..*")
        List<String> names;
        @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", description = "Format the output using a template ({{.Mountpoint}}).")
        String format;

        @Override
        public Integer call() throws Exception {
            List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
            for (String n : names) out.add(Json.MAPPER.valueToTree(parent.volumes().inspect(n)));
            System.out.print(InspectCommand.output(out, format));
            return 0;
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove one or more volumes.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        VolumeCommand parent;
        @Option(names = {"-f", "--force"}, description = "Do not fail on a volume that does not exist.")
        boolean force;
        @Parameters(paramLabel = "VOLUME", arity = "1..*")
        List<String> names;

        @Override
        public Integer call() {
            boolean failed = false;
            for (String n : names) {
                try {
                    parent.volumes().remove(n, force);
                    System.out.println(n);
                } catch (MiniDockerException e) {
                    System.out.flush();
                    System.err.println("mini-docker: " + ExitCodes.oneLine(e));
                    failed = true;
                }
            }
            return failed ? ExitCodes.PARTIAL_FAILURE : 0;
        }
    }

    @Command(name = "prune", description = "Remove unused anonymous volumes (-a: all unused volumes).")
    static final class Prune implements Callable<Integer> {
        @ParentCommand
        VolumeCommand parent;
        @Option(names = {"-a", "--all"}, description = "Remove all unused volumes, not just anonymous ones.")
        boolean all;
        @Option(names = {"-f", "--force"}, description = "Do not prompt (there is no prompt).")
        boolean force;
        @Option(names = "--filter", description = "label=KEY[=VALUE], label!=KEY[=VALUE], all=true.")
        List<String> filters = new ArrayList<>();

        @Override
        public Integer call() {
            VolumeService.Pruned p = parent.volumes().prune(all, dev.minidocker.engine.Filters.fromArgs(filters));
            if (!p.names().isEmpty()) {
                System.out.println("Deleted Volumes:");
                p.names().forEach(System.out::println);
                System.out.println();
            }
            System.out.println("Total reclaimed space: " + p.spaceReclaimed() + "B");
            return 0;
        }
    }

    static Map<String, String> pairs(List<String> kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : kv) {
            int eq = s.indexOf('=');
            m.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
        }
        return m;
    }
}
