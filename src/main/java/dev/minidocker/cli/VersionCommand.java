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
    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE",
            description = "Format the output using a template over {Client, Server} ({{.Server.Version}}, {{json .}}).")
    String format;

    @Override
    public Integer call() {
        if (format != null) return formatted();
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

    /**
     * docker's {@code version --format}: the template over {"Client": this build, "Server": the
     * daemon's GET /version or null}. As docker's, a daemon that does not answer is an error (exit
     * 1) after the template's output.
     */
    private int formatted() {
        com.fasterxml.jackson.databind.node.ObjectNode both = dev.minidocker.json.Json.MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode client = both.putObject("Client");
        client.put("Version", Engine.productVersion());
        client.put("GoVersion", Runtime.version().toString());
        client.put("Os", "linux");
        client.put("Arch", HostFacts.goArch());
        Path root = parent.global.rootPath();
        JsonNode server = serverVersion(root);
        both.set("Server", server == null ? dev.minidocker.json.Json.MAPPER.nullNode() : server);
        System.out.println(InspectCommand.render(format, both));
        if (server != null) return 0;
        System.err.println("mini-docker: no daemon runs for " + root + " (it starts on demand: run -d, start, events)");
        return ExitCodes.VERB_FAILED;
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
