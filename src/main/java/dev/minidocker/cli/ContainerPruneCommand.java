package dev.minidocker.cli;

import dev.minidocker.runtime.container.ContainerRemove;
import dev.minidocker.runtime.container.Liveness;
import dev.minidocker.runtime.host.CgroupManagerFactory;
import dev.minidocker.state.ContainerStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker container prune [-f]}: removes every container that is not running. */
@Command(name = "prune", description = "Remove all stopped containers.")
public final class ContainerPruneCommand implements Callable<Integer> {
    @ParentCommand
    ContainerCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (!force) {
            System.out.print("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ");
            System.out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            if (answer == null || !answer.trim().equalsIgnoreCase("y")) return 0;
        }
        ContainerStore store = new ContainerStore(parent.main.global.root());
        ContainerRemove remover = new ContainerRemove(store, new CgroupManagerFactory(),
                new dev.minidocker.runtime.host.BridgeNetworkSetup(parent.main.global.root(), store));
        List<String> removed = new ArrayList<>();
        for (String id : store.ids()) {
            boolean stopped = store.state(id).map(s -> !Liveness.isRunning(s)).orElse(false);
            if (!stopped) continue;
            try {
                remover.remove(id, false);
                removed.add(id);
            } catch (RuntimeException raced) {
                // started or removed meanwhile: not ours to prune
            }
        }
        StringBuilder out = new StringBuilder();
        if (!removed.isEmpty()) {
            out.append("Deleted Containers:\n");
            removed.forEach(id -> out.append(id).append('\n'));
            out.append('\n');
        }
        out.append("Total reclaimed space: 0B\n");
        System.out.print(out);
        System.out.flush();
        return 0;
    }
}
