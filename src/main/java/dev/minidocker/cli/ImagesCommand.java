package dev.minidocker.cli;

import dev.minidocker.engine.image.ImageEntry;
import dev.minidocker.engine.HumanUnits;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code images}: one row per tag (untagged images as {@code <none>}), like {@code docker images}. */
@Command(name = "images", description = "List images.")
public final class ImagesCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;

    @Option(names = {"-a", "--all"}, description = "Show all images (there are no intermediate images to hide).")
    boolean all;

    @Override
    public Integer call() {
        List<ImageEntry> images = main.global.engine().images().list();
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            for (ImageEntry i : images) ids.add(i.shortId());
            ids.forEach(System.out::println);
            return 0;
        }
        TextTable t = new TextTable("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (ImageEntry i : images) {
            t.add(i.repository() == null ? "<none>" : i.repository(), i.tag() == null ? "<none>" : i.tag(), i.shortId(),
                    i.created().equals(java.time.Instant.EPOCH) ? "N/A" : HumanUnits.ago(i.created()),
                    HumanUnits.size(i.size()));
        }
        System.out.print(t.render());
        return 0;
    }
}
