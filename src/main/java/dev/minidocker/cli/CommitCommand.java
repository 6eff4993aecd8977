package dev.minidocker.cli;

import dev.minidocker.engine.container.CommitRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code commit}: a container's changes as a new image; prints its id as docker does. */
@Command(name = "commit", description = "Create a new image from a container's changes.")
public final class CommitCommand implements Callable<Integer> {
    @ParentCommand
    Object parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = {"-a", "--author"}, paramLabel = "STRING", description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\").")
    String author;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTR", description = "Apply Dockerfile instruction to the created image.")
    List<String> changes;

    @Option(names = {"-m", "--message"}, paramLabel = "STRING", description = "Commit message.")
    String message;

    @Option(names = {"-p", "--pause"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Pause container during commit (default true).")
    boolean pause;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String repoTag;

    @Override
    public Integer call() {
        String id = ParentGlobals.of(parent).engine().containers()
                .commit(new CommitRequest(container, repoTag, message, author, changes, pause));
        System.out.println(id);
        return 0;
    }
}
