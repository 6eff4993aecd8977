package dev.minidocker.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code run} without picocli (see {@link PlainArgs} for why and for the forms it takes): fills the
 * same {@link RunCommand} fields picocli would, or returns null to let picocli parse.
 * RunFastPathTest checks both agree on every option RunCommand declares.
 */
final class RunFastPath {
    private static final PlainArgs.Verb RUN = new PlainArgs.Verb("run", names(),
            Set.of("--rm", "-i", "-t", "--read-only", "-P", "-d", "--init"),
            Set.of("-e", "--env-file", "-v", "--tmpfs", "-p"), true);

    private RunFastPath() {}

    /** The parsed command, ready to {@link RunCommand#call()}; null: let picocli parse. */
    static RunCommand parse(String[] args) {
        try {
            return fill(PlainArgs.parse(args, RUN));
        } catch (NumberFormatException | InvalidPathException e) {
            return null;
        }
    }

    private static RunCommand fill(PlainArgs.Parsed parsed) {
        if (parsed == null) return null;
        GlobalOptions global = new GlobalOptions();
        RunCommand run = new RunCommand();
        for (PlainArgs.Option o : parsed.options()) {
            String value = o.value();
            switch (o.name()) {
                case "--root" -> global.root = Path.of(value);
                case "-D" -> global.debug = true;
                case "--rm" -> run.autoRemove = true;
                case "-i" -> run.interactive = true;
                case "-t" -> run.tty = true;
                case "--read-only" -> run.readOnly = true;
                case "-P" -> run.publishAll = true;
                case "-d" -> run.detach = true;
                case "--init" -> run.init = true;
                case "--name" -> run.name = value;
                case "-e" -> run.env.add(value);
                case "--env-file" -> run.envFiles.add(Path.of(value));
                case "-w" -> run.workdir = value;
                case "-u" -> run.user = value;
                case "--entrypoint" -> run.entrypoint = value;
                case "-h" -> run.hostname = value;
                case "--network" -> run.network = value;
                case "-v" -> run.volumes.add(value);
                case "--tmpfs" -> run.tmpfs.add(value);
                case "-p" -> run.publish.add(value);
                case "--restart" -> run.restart = value;
                case "-m" -> run.memory = value;
                case "--memory-swap" -> run.memorySwap = value;
                case "--cpus" -> run.cpus = value;
                case "--cpu-shares" -> run.cpuShares = PlainArgs.decimal(value);
                case "--cpuset-cpus" -> run.cpusetCpus = value;
                case "--pids-limit" -> run.pidsLimit = PlainArgs.decimal(value);
                case "--platform" -> run.platform = value;
                case "--pull" -> run.pull = value;
                case "-r" -> run.rootfs = Path.of(value);
                default -> { return null; }
            }
        }
        run.positionals = new ArrayList<>(parsed.positionals());
        Main main = new Main();
        main.global = global;
        run.parent = main;
        return run;
    }

    /** Every spelling of run's options -> one name (its first in RunCommand); help is not here. */
    private static Map<String, String> names() {
        Map<String, String> m = new HashMap<>();
        for (String same : new String[] {"--name", "--rm", "--entrypoint", "--env-file", "--tmpfs", "--read-only",
                "--memory-swap", "--cpu-shares", "--cpuset-cpus", "--pids-limit", "--platform", "--pull",
                "--restart", "--init"}) {
            m.put(same, same);
        }
        String[][] aliases = {{"-d", "--detach"}, {"-i", "--interactive"}, {"-t", "--tty"}, {"-e", "--env"},
                {"-w", "--workdir"}, {"-u", "--user"}, {"-h", "--hostname"}, {"--network", "--net"},
                {"-v", "--volume"}, {"-m", "--memory"}, {"--cpus", "-c"}, {"-r", "--rootfs"},
                {"-p", "--publish"}, {"-P", "--publish-all"}};
        for (String[] a : aliases) {
            m.put(a[0], a[0]);
            m.put(a[1], a[0]);
        }
        return m;
    }
}
