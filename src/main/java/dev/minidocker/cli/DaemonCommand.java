package dev.minidocker.cli;

import dev.minidocker.daemon.Daemon;
import dev.minidocker.daemon.DaemonAddress;
import dev.minidocker.daemon.DaemonOptions;
import dev.minidocker.daemon.DaemonPaths;
import dev.minidocker.linux.ProcessIdentity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker daemon}: runs in the foreground, owns detached containers and serves the
 * Docker Engine API until SIGTERM or SIGINT. Other verbs start it on demand when it is not running.
 */
@Command(name = "daemon", description = "Run the daemon that owns detached containers and serves the Docker Engine API.",
        subcommands = DaemonStopCommand.class)
public final class DaemonCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = {"-H", "--host"}, paramLabel = "unix:///PATH",
            description = "UNIX socket to listen on (default: /run/minidocker.sock for the default root, else ROOT/minidocker.sock).")
    String host;

    @Option(names = "--tcp", paramLabel = "127.0.0.1:PORT",
            description = "Also listen on this loopback TCP address (never on other addresses; no TLS).")
    String tcp;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Group that may use the socket (mode 0660; default: root when run as root).")
    String group;

    @Override
    public Integer call() throws InterruptedException {
        DaemonAddress socket = host != null ? DaemonAddress.parse(host) : new DaemonPaths(main.global.root()).defaultAddress();
        if (!socket.isUnix()) throw new dev.minidocker.MiniDockerException("--host wants unix:///PATH; use --tcp for TCP");
        String socketGroup = group != null ? group : ProcessIdentity.effectiveUid() == 0 ? "root" : null;
        DaemonOptions options = new DaemonOptions(main.global.root(), socket,
                tcp == null ? null : DaemonAddress.parse(tcp), socketGroup);
        Daemon daemon = Daemon.start(options);
        // SIGTERM and SIGINT run shutdown hooks: stop serving, leave containers running.
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "daemon-stop"));
        System.err.println("mini-docker daemon: listening on " + socket
                + (tcp != null ? " and " + options.tcp() : "") + " for " + main.global.root()
                + " (pid " + ProcessHandle.current().pid() + ")");
        daemon.awaitStop();
        return 0;
    }
}
