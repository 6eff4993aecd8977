package dev.minidocker.cli;

import dev.minidocker.engine.image.ImageDetails;
import dev.minidocker.engine.image.ImageService;
import dev.minidocker.json.Json;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code image inspect [-f FORMAT] IMAGE...}: a JSON array in the shape of {@code docker image inspect}
 * (or a template per image). Like docker, the images found are printed, each missing one is an
 * error line, and any miss exits 1.
 */
@Command(name = "inspect", description = "Display detailed information on one or more images.")
public final class ImageInspectCommand implements Callable<Integer> {
    @ParentCommand
    ImageCommand parent;

    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE", description = "Format the output using a template ({{.Id}}, {{json .Config}}).")
    String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        ImageService images = parent.main.global.engine().images();
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            var img = images.inspect(name);
            if (img.isPresent()) out.add(describe(img.get()));
            else missing.add(name);
        }
        ObjectMapper json = Json.MAPPER;
        if (format != null) {
            StringBuilder sb = new StringBuilder();
            for (Map<String, Object> m : out) sb.append(InspectTemplate.renderAllowingMissing(format, json.valueToTree(m))).append('\n');
            System.out.print(sb);
        } else {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n"));
            ObjectWriter w = json.writer(pp);
            System.out.println(out.isEmpty() ? "[]" : w.writeValueAsString(out)); // docker's empty array
        }
        System.out.flush();
        for (String name : missing) System.err.println("mini-docker: No such image: " + name);
        return missing.isEmpty() ? 0 : ExitCodes.VERB_FAILED;
    }

    static Map<String, Object> describe(ImageDetails d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", d.id());
        m.put("RepoTags", d.repoTags());
        m.put("RepoDigests", d.repoDigests());
        m.put("Created", d.created());
        m.put("Author", d.author() == null ? "" : d.author());
        m.put("Architecture", d.architecture());
        if (d.variant() != null) m.put("Variant", d.variant());
        m.put("Os", d.os());
        m.put("Config", d.config());
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("Type", d.rootfsType());
        rootfs.put("Layers", d.layers());
        m.put("RootFS", rootfs);
        m.put("Size", d.size());
        if (d.manifestDigest() != null) m.put("ManifestDigest", d.manifestDigest());
        return m;
    }
}
