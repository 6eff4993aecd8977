package dev.minidocker.cli;

import dev.minidocker.daemon.DaemonStop;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker daemon stop}: stops the store's daemon (the one the first command started in
 * the background). Containers keep running; the next command that needs a daemon starts one,
 * which adopts them. Prints what it did; exit 0 also when no daemon ran.
 */
@Command(name = "stop", description = "Stop the daemon of this store root (containers keep running).")
public final class DaemonStopCommand implements Callable<Integer> {
    @ParentCommand
    DaemonCommand daemon;

    @Override
    public Integer call() {
        java.nio.file.Path root = daemon.global().root();
        boolean stopped = DaemonStop.stop(root, Duration.ofSeconds(30));
        System.out.println(stopped ? "mini-docker daemon stopped for " + root : "no mini-docker daemon runs for " + root);
        return 0;
    }
}
