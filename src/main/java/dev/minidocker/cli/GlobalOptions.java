package dev.minidocker.cli;

import dev.minidocker.fs.StoreRoot;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every verb accepts: where the store lives, and how chatty errors are. */
public final class GlobalOptions {
    public static final String DEFAULT_ROOT = "/var/lib/minidocker";

    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Store root (default: $MINIDOCKER_ROOT or " + DEFAULT_ROOT + ").")
    Path root;

    @Option(names = {"-D", "--debug"}, scope = ScopeType.INHERIT,
            description = "Print stack traces for errors.")
    boolean debug;

    private Path opened;

    /**
     * The store root, checked (a root that others can write is refused) and its modes repaired, once
     * per invocation: see {@link StoreRoot}. Throws inside the verb, which reports it with its own code.
     */
    public Path root() {
        if (opened == null) opened = StoreRoot.open(rootPath());
        return opened;
    }

    /** The store root as given, unchecked: for the lean client of run, which checks it itself. */
    public Path rootPath() {
        if (root != null) return root.toAbsolutePath();
        String env = System.getenv("MINIDOCKER_ROOT");
        return Path.of(env != null && !env.isEmpty() ? env : DEFAULT_ROOT).toAbsolutePath();
    }

    public boolean debug() {
        return debug;
    }
}
