package dev.minidocker.cli;

import dev.minidocker.cli.options.GlobalOption;
import dev.minidocker.cli.options.PlainArgs;
import dev.minidocker.engine.Engine;
import dev.minidocker.fs.StoreRoot;
import java.nio.file.Path;
import java.util.List;

/**
 * The values of the options every verb takes ({@link GlobalOption}: where the store lives, how
 * chatty errors are), filled from whichever parser read the command line, and the one
 * {@link Engine} of this invocation.
 */
public final class GlobalOptions {
    public static final String DEFAULT_ROOT = "/var/lib/minidocker";

    Path root;
    boolean debug;
    private Path opened;
    private Engine engine;

    /** The global options among {@code given}. */
    static GlobalOptions of(List<PlainArgs.Given> given) {
        GlobalOptions g = new GlobalOptions();
        for (PlainArgs.Given o : given) g.set(o);
        return g;
    }

    void set(PlainArgs.Given o) {
        if (o.option() == GlobalOption.ROOT) root = Path.of(o.value());
        else if (o.option() == GlobalOption.DEBUG) debug = true;
    }

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

    /** The services of the store root (checked first). */
    public Engine engine() {
        if (engine == null) engine = Engine.open(root());
        return engine;
    }
}
