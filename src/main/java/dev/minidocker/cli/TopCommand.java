package dev.minidocker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mini-docker top CONTAINER}: the processes of its cgroup, as {@code ps -ef} shows them. */
@Command(name = "top", description = "Display the running processes of a container.")
public final class TopCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @picocli.CommandLine.Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name, id or unambiguous id prefix.")
    String container;
    @Parameters(index = "1..*", paramLabel = "PS-OPTIONS", description = "Options for the host's ps (aux, -o pid,comm, ...).")
    List<String> psOptions = new ArrayList<>();

    @Override
    public Integer call() {
        List<List<String>> rows = parent.global.engine().containers().top(container, psOptions);
        TextTable table = new TextTable(rows.getFirst().toArray(String[]::new));
        for (List<String> row : rows.subList(1, rows.size())) table.add(row.toArray(String[]::new));
        System.out.print(table.render());
        System.out.flush();
        return 0;
    }
}
