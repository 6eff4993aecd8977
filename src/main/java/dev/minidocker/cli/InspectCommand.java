package dev.minidocker.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.container.ContainerInspection;
import dev.minidocker.state.ContainerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mini-docker inspect [-f FORMAT] CONTAINER...}: Docker's JSON (an array, 4-space indent), or
 * with -f a template ({@link InspectTemplate}: {@code {{.State.Pid}}}, range, if, index, json).
 */
@Command(name = "inspect", description = "Return low-level information on containers.")
public final class InspectCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    Main parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", description = "Format the output using a template ({{.State.Status}}, {{json .Config}}).")
    String format;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*", description = "Name, id or unambiguous id prefix.")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ContainerStore store = new ContainerStore(parent.global.root());
        List<ContainerInspection> found = new ArrayList<>();
        boolean failed = false;
        for (String c : containers) {
            try {
                String id = store.resolve(c);
                found.add(ContainerInspection.of(store.load(id).orElseThrow(), store.state(id).orElseThrow(),
                        store.containerDir(id)));
            } catch (MiniDockerException | java.util.NoSuchElementException e) {
                System.err.println("Error: No such object: " + c);
                failed = true;
            }
        }
        StringBuilder out = new StringBuilder();
        if (format != null) {
            for (ContainerInspection i : found) out.append(render(format, JSON.valueToTree(i))).append('\n');
        } else {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n"));
            out.append(JSON.writer(pretty).writeValueAsString(found)).append('\n');
        }
        System.out.print(out);
        System.out.flush();
        return failed ? ExitCodes.PARTIAL_FAILURE : 0;
    }

    /** Go's text/template as far as {@link InspectTemplate} goes: {{.A.B}}, json, range, if, index, ... */
    static String render(String template, JsonNode root) {
        return InspectTemplate.render(template, root);
    }
}
