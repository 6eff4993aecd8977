package dev.minidocker.cli;

import dev.minidocker.engine.image.PullListener;
import dev.minidocker.engine.image.PullProgressPrinter;
import java.io.Console;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code push} and {@code image push}: an image to its registry, with docker's progress lines. */
@Command(name = "push", description = "Upload an image to a registry.")
public final class PushCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-a", "--all-tags"}, description = "Push all tags of an image to the repository.")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output.")
    boolean quiet;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", description = "Allow plain HTTP to this registry.")
    List<String> insecureRegistries;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String name;

    @Override
    public Integer call() {
        Console c = System.console();
        PullListener progress = quiet ? PullListener.QUIET
                : new PullProgressPrinter(System.out, c != null && c.isTerminal(), "Pushing");
        ParentGlobals.of(parent).engine().images().push(name, allTags, insecureRegistries, null, progress);
        System.out.flush();
        return 0;
    }
}
