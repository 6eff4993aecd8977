package dev.minidocker.cli;

import dev.minidocker.engine.Engine;
import dev.minidocker.json.Json;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker inspect [-f FORMAT] [--type TYPE] NAME...}: Docker's JSON (an array, 4-space
 * indent), or with -f a template ({@link InspectTemplate}: {@code {{.State.Pid}}}, range, if, index,
 * json). As {@code docker inspect}, a name is looked up as a container, then an image, a network and
 * a volume (the first that has it wins), or only as {@code --type}; each name found by none is an
 * error line, and any miss exits 1.
 */
@Command(name = "inspect", description = "Return low-level information on containers, images, networks or volumes.")
public final class InspectCommand implements Callable<Integer> {
    static final ObjectMapper JSON = Json.MAPPER;
    /** The kinds of object, in the order docker looks a name up. */
    static final List<String> TYPES = List.of("container", "image", "network", "volume");

    /** Main, or ContainerCommand for {@code container inspect}, which looks for containers only. */
    @ParentCommand
    Object parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", description = "Format the output using a template ({{.State.Status}}, {{json .Config}}).")
    String format;
    @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container.")
    boolean size;
    @Option(names = "--type", paramLabel = "TYPE", description = "Only this kind of object: container, image, network or volume.")
    String type;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "Name or id (a container's or an image's unambiguous id prefix too).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (type != null && !TYPES.contains(type)) {
            throw new dev.minidocker.InvalidArgumentException("\"" + type + "\" is not a valid value for --type");
        }
        if (parent instanceof ContainerCommand) type = "container";
        Engine engine = ParentGlobals.of(parent).engine();
        List<JsonNode> found = new ArrayList<>();
        boolean failed = false;
        for (String name : names) {
            JsonNode object = find(engine, name);
            if (object != null) {
                found.add(object);
            } else {
                System.err.println("Error: No such " + (type == null ? "object" : type) + ": " + name);
                failed = true;
            }
        }
        System.out.print(output(found, format));
        System.out.flush();
        return failed ? ExitCodes.PARTIAL_FAILURE : 0;
    }

    /**
     * What every inspect verb prints ({@code inspect}, {@code network inspect}, {@code volume
     * inspect}, ...): each object through {@code format} on a line, or without one docker's JSON
     * array, indented by four spaces ({@code []} when none was found).
     */
    static String output(List<JsonNode> found, String format) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        if (format != null) {
            for (JsonNode i : found) out.append(render(format, i)).append('\n');
            return out.toString();
        }
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        return out.append(found.isEmpty() ? "[]" : JSON.writer(pretty).writeValueAsString(found)).append('\n').toString();
    }

    /** The first kind of object (of {@link #type}, else of all) that has {@code name}; null for none. */
    private JsonNode find(Engine engine, String name) {
        for (String kind : type == null ? TYPES : List.of(type)) {
            try {
                JsonNode object = switch (kind) {
                    case "container" -> size ? engine.containers().inspectWithSize(name) : engine.containers().inspect(name);
                    case "image" -> engine.images().inspect(name).map(d -> (JsonNode) JSON.valueToTree(ImageInspectCommand.describe(d)))
                            .orElse(null);
                    case "network" -> engine.networks().inspect(name);
                    default -> JSON.valueToTree(engine.volumes().inspect(name));
                };
                if (object != null) return object;
            } catch (MiniDockerException notThisKind) {
                // no such object of this kind (or an ambiguous id prefix): the next kind
            }
        }
        return null;
    }

    /** Go's text/template as far as {@link InspectTemplate} goes: {{.A.B}}, json, range, if, index, ... */
    static String render(String template, JsonNode root) {
        return InspectTemplate.renderAllowingMissing(template, root);
    }
}
