package dev.minidocker.cli;

import dev.minidocker.json.Json;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.minidocker.image.ImageConfig;
import dev.minidocker.image.ImageReference;
import dev.minidocker.image.store.ImageDb;
import dev.minidocker.image.store.ImageRecord;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.StoredImage;
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
        ImageStore store = new ImageStore(parent.main.global.root());
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            var img = store.find(name);
            if (img.isPresent()) out.add(describe(store.db().read(), img.get()));
            else missing.add(name);
        }
        ObjectMapper json = Json.MAPPER;
        if (format != null) {
            StringBuilder sb = new StringBuilder();
            for (Map<String, Object> m : out) sb.append(InspectTemplate.render(format, json.valueToTree(m))).append('\n');
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

    static Map<String, Object> describe(ImageDb.Snapshot s, StoredImage img) {
        ImageRecord rec = s.images().get(img.imageId().toString());
        ImageConfig c = img.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", img.imageId().toString());
        m.put("RepoTags", s.tagsOf(img.imageId()).stream().map(ImageInspectCommand::familiar).toList());
        m.put("RepoDigests", rec == null ? List.of() : rec.repoDigests().stream().map(ImageInspectCommand::familiar).toList());
        m.put("Created", c.created());
        m.put("Author", c.author() == null ? "" : c.author());
        m.put("Architecture", c.architecture());
        if (c.variant() != null) m.put("Variant", c.variant());
        m.put("Os", c.os());
        m.put("Config", c.config());
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("Type", c.rootfs() == null ? "layers" : c.rootfs().type());
        rootfs.put("Layers", c.rootfs() == null ? List.of() : c.rootfs().diffIds().stream().map(Object::toString).toList());
        m.put("RootFS", rootfs);
        m.put("Size", img.size());
        if (img.manifestDigest() != null) m.put("ManifestDigest", img.manifestDigest().toString());
        return m;
    }

    private static String familiar(String full) {
        ImageReference r = ImageReference.parse(full);
        return r.familiarName() + (r.tag() != null ? ":" + r.tag() : "") + (r.digest() != null ? "@" + r.digest() : "");
    }
}
