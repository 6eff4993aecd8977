package dev.minidocker.cli;

import dev.minidocker.engine.network.NetworkService;
import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code network inspect NETWORK...}: a JSON array in the shape of {@code docker network inspect}. */
@Command(name = "inspect", description = "Display detailed information on one or more networks.")
public final class NetworkInspectCommand implements Callable<Integer> {
    @ParentCommand
    NetworkCommand parent;

    @Parameters(paramLabel = "NETWORK", arity = "1..*")
    List<String> networks;
    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", description = "Format the output using a template ({{.IPAM.Config}}).")
    String format;

    @Override
    public Integer call() throws Exception {
        NetworkService service = parent.networks();
        List<JsonNode> out = new ArrayList<>();
        for (String name : networks) out.add(service.inspect(name));
        if (format == null) {
            System.out.println(Json.PRETTY.writeValueAsString(out));
            return 0;
        }
        StringBuilder lines = new StringBuilder();
        for (JsonNode n : out) lines.append(InspectCommand.render(format, n)).append('\n');
        System.out.print(lines);
        return 0;
    }
}
