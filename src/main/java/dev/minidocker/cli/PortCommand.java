package dev.minidocker.cli;

import dev.minidocker.model.PortBinding;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code port CONTAINER [PORT[/PROTO]]}: the published ports of a running container, as Docker prints them. */
@Command(name = "port", description = "List port mappings of a container.")
public final class PortCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;
    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT[/PROTO]")
    String port;

    @Override
    public Integer call() {
        List<PortBinding> ports = parent.global.engine().containers().ports(container);
        String wanted = port == null ? null : (port.contains("/") ? port : port + "/tcp");
        boolean any = false;
        for (PortBinding p : ports) {
            String key = p.containerPort() + "/" + p.protocol();
            if (wanted == null) System.out.println(p.describe());
            else if (key.equals(wanted)) System.out.println(p.hostIp() + ":" + p.hostPort());
            else continue;
            any = true;
        }
        if (wanted != null && !any) {
            throw new dev.minidocker.MiniDockerException("No public port '" + wanted + "' published for " + container);
        }
        return 0;
    }
}
