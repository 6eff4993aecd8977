package dev.minidocker.cli;

import dev.minidocker.cli.options.FlagValues;
import dev.minidocker.model.Resources;
import dev.minidocker.model.RestartPolicy;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker update [OPTIONS] CONTAINER...}: new limits (live when it runs) or restart policy. */
@Command(name = "update", description = "Update configuration of one or more containers.")
public final class UpdateCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-m", "--memory"}, description = "Memory limit.")
    String memory;
    @Option(names = "--memory-swap", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap.")
    String memorySwap;
    @Option(names = "--memory-reservation", description = "Memory soft limit.")
    String memoryReservation;
    @Option(names = "--cpus", description = "Number of CPUs.")
    String cpus;
    @Option(names = "--cpu-quota", description = "Limit CPU CFS (Completely Fair Scheduler) quota.")
    long cpuQuota;
    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight).")
    long cpuShares;
    @Option(names = "--cpuset-cpus", description = "CPUs in which to allow execution (0-3, 0,1).")
    String cpusetCpus;
    @Option(names = "--pids-limit", description = "Tune container pids limit (set -1 for unlimited).")
    Long pidsLimit;
    @Option(names = "--restart", description = "Restart policy to apply when a container exits.")
    String restart;
    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Name, id or unambiguous id prefix.")
    List<String> containers;

    @Override
    public Integer call() {
        Resources changes = Resources.NONE.withCpuQuota(cpuQuota).withCpuShares(cpuShares)
                .withCpusetCpus(cpusetCpus == null ? "" : cpusetCpus).withPidsLimit(pidsLimit);
        if (memory != null) changes = changes.withMemory(FlagValues.size(memory, "--memory"));
        if (memorySwap != null) changes = changes.withMemorySwap(FlagValues.swap(memorySwap, "--memory-swap"));
        if (cpus != null) changes = changes.withNanoCpus(FlagValues.nanoCpus(cpus));
        if (memoryReservation != null) {
            changes = changes.withMemoryReservation(FlagValues.size(memoryReservation, "--memory-reservation"));
        }
        RestartPolicy policy = restart == null ? null : RestartPolicy.parse(restart);
        for (String c : containers) {
            ParentGlobals.of(parent).engine().containers().update(c, changes, policy);
            System.out.println(c);
        }
        return 0;
    }
}
