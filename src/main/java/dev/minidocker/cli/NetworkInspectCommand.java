package dev.minidocker.cli;

import dev.minidocker.engine.network.NetworkService;
import com.fasterxml.jackson.databind.JsonNode;
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
        System.out.print(InspectCommand.output(out, format));
        return 0;
    }
}
