package dev.minidocker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.MiniDockerException;
import dev.minidocker.daemon.DaemonClient;
import dev.minidocker.engine.Engine;
import dev.minidocker.engine.HostFacts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code version}: docker's verb, in the layout of its Client and Server sections. The client is
 * this build; the server is the store's daemon as it answers {@code GET /version}, or a line
 * saying it is not running (it is started on demand, so that is no error; nothing is started).
 */
@Command(name = "version", description = "Show the mini-docker version information.")
public final class VersionCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        System.out.print("Client: mini-docker\n"
                + " Version:       " + Engine.productVersion() + "\n"
                + " Java version:  " + Runtime.version() + "\n"
                + " OS/Arch:       linux/" + HostFacts.goArch() + "\n\n");
        Path root = parent.global.rootPath();
        JsonNode server = serverVersion(root);
        if (server == null) {
            System.out.print("Server: not running (the daemon of " + root + " starts on demand: run -d, start, events)\n");
            return 0;
        }
        JsonNode engine = server.path("Components").path(0).path("Details");
        System.out.print("Server: " + server.path("Platform").path("Name").asText() + "\n"
                + " Engine:\n"
                + "  Version:       " + server.path("Version").asText() + " (Docker Engine API compatible)\n"
                + "  API version:   " + server.path("ApiVersion").asText()
                + " (minimum version " + server.path("MinAPIVersion").asText() + ")\n"
                + "  Java version:  " + server.path("GoVersion").asText() + "\n"
                + "  OS/Arch:       " + server.path("Os").asText() + "/" + server.path("Arch").asText() + "\n"
                + "  Kernel:        " + server.path("KernelVersion").asText() + "\n"
                + "  Experimental:  " + engine.path("Experimental").asText("false") + "\n");
        return 0;
    }

    /** The daemon's answer, or null when none answers (or the store cannot be read by this user). */
    private static JsonNode serverVersion(Path root) {
        try {
            DaemonClient daemon = DaemonClient.forRoot(root);
            return daemon.ping() ? daemon.call("GET", "/version", null, JsonNode.class) : null;
        } catch (MiniDockerException | SecurityException unreachable) {
            return null;
        }
    }
}
