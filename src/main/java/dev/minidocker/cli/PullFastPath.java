package dev.minidocker.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code pull} without picocli, as {@link RunFastPath} does for {@code run} (see {@link PlainArgs}):
 * picocli's reflective model sits on the serial start of every pull, before the first byte is
 * requested. Fills the same {@link PullCommand} fields for the plain forms with exactly one image
 * name, or returns null to let picocli parse. PullFastPathTest checks both agree.
 */
final class PullFastPath {
    private static final PlainArgs.Verb PULL = new PlainArgs.Verb("pull",
            Map.of("--platform", "--platform", "--insecure-registry", "--insecure-registry",
                    "--max-concurrent-downloads", "--max-concurrent-downloads", "-q", "-q", "--quiet", "-q"),
            Set.of("-q"), Set.of("--insecure-registry"), false);

    private PullFastPath() {}

    /** The parsed command, ready to {@link PullCommand#callReportingErrors()}; null: let picocli parse. */
    static PullCommand parse(String[] args) {
        try {
            return fill(PlainArgs.parse(args, PULL));
        } catch (NumberFormatException | ArithmeticException | InvalidPathException e) {
            return null;
        }
    }

    private static PullCommand fill(PlainArgs.Parsed parsed) {
        if (parsed == null || parsed.positionals().size() != 1) return null;
        GlobalOptions global = new GlobalOptions();
        PullCommand pull = new PullCommand();
        pull.name = parsed.positionals().getFirst();
        pull.maxConcurrentDownloads = PullCommand.DEFAULT_MAX_CONCURRENT;
        for (PlainArgs.Option o : parsed.options()) {
            switch (o.name()) {
                case "--root" -> global.root = Path.of(o.value());
                case "-D" -> global.debug = true;
                case "-q" -> pull.quiet = true;
                case "--platform" -> pull.platform = o.value();
                case "--insecure-registry" -> pull.insecureRegistries.add(o.value());
                case "--max-concurrent-downloads" -> pull.maxConcurrentDownloads = Math.toIntExact(PlainArgs.decimal(o.value()));
                default -> { return null; }
            }
        }
        Main main = new Main();
        main.global = global;
        pull.main = main;
        return pull;
    }
}
