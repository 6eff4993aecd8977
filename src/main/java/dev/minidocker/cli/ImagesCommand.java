package dev.minidocker.cli;

import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.StoredImage;
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
        List<StoredImage> images = new ImageStore(main.global.root()).list();
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            for (StoredImage i : images) ids.add(i.imageId().shortHex());
            ids.forEach(System.out::println);
            return 0;
        }
        TextTable t = new TextTable("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (StoredImage i : images) {
            String repo = i.reference() == null ? "<none>" : i.reference().familiarName();
            String tag = i.reference() == null || i.reference().tag() == null ? "<none>" : i.reference().tag();
            t.add(repo, tag, i.imageId().shortHex(),
                    i.created().equals(java.time.Instant.EPOCH) ? "N/A" : HumanUnits.ago(i.created()),
                    HumanUnits.size(i.size()));
        }
        System.out.print(t.render());
        return 0;
    }
}
