package dev.minidocker.cli;

import dev.minidocker.image.ImageReference;
import dev.minidocker.image.Platform;
import dev.minidocker.image.store.ImageStore;
import dev.minidocker.image.store.PullProgress;
import dev.minidocker.image.store.PullResult;
import dev.minidocker.image.store.RegistryPull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pull}: fetch an image from a registry into the store, with Docker's output. */
@Command(name = "pull", description = "Download an image from a registry.")
public final class PullCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output.")
    boolean quiet;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Platform to pull (default: this host).")
    String platform;

    static final int DEFAULT_MAX_CONCURRENT = 3;

    @Option(names = "--max-concurrent-downloads", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_CONCURRENT,
            description = "Layers downloaded in parallel (default: ${DEFAULT-VALUE}).")
    int maxConcurrentDownloads;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Allow plain HTTP to this registry (repeatable; loopback is always allowed).")
    List<String> insecureRegistries = new ArrayList<>();

    @Parameters(paramLabel = "NAME[:TAG|@DIGEST]")
    String name;

    /** Since JDK 22 System.console() is non-null even when redirected: ask isTerminal(). */
    private static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public Integer call() {
        Platform p = platform == null ? Platform.host() : Platform.parse(platform);
        pullAndReport(new ImageStore(main.global.root()), ImageReference.parse(name), p, insecureRegistries,
                maxConcurrentDownloads, quiet, System.out);
        return 0;
    }

    /** call() as picocli's execute() would run it, for {@link PullFastPath}: errors printed, mapped to codes. */
    int callReportingErrors() {
        try {
            return call();
        } catch (Exception e) {
            int code = ExitCodes.report(e, main.global.debug(),
                    new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.Charset.defaultCharset()), true));
            return code == ExitCodes.TOOL_ERROR ? ExitCodes.failureCode(this) : code;
        }
    }

    /**
     * Pulls and prints what {@code docker pull} prints ("latest: Pulling from library/busybox",
     * per-layer lines, "Digest:", "Status:", the reference). {@code run} uses it, to stderr, when
     * the image is missing.
     */
    public static PullResult pullAndReport(ImageStore store, ImageReference ref, Platform platform,
                                           List<String> insecureRegistries, int maxConcurrentDownloads,
                                           boolean quiet, java.io.PrintStream out) {
        String header = (ref.tag() != null ? ref.tag() : ref.digest().toString()) + ": Pulling from " + ref.repository();
        PullProgress progress = quiet ? PullProgress.QUIET
                : new PullProgressPrinter(out, out == System.out && isTerminal(), header);
        PullResult r = RegistryPull.pull(store, ref, platform, insecureRegistries, maxConcurrentDownloads, progress);
        String familiar = ref.familiarName() + (ref.tag() != null ? ":" + ref.tag() : "@" + ref.digest());
        if (!quiet) {
            out.println("Digest: " + r.manifestDigest());
            out.println(r.downloaded() ? "Status: Downloaded newer image for " + familiar
                    : "Status: Image is up to date for " + familiar);
        }
        if (out == System.out) out.println(ref);
        out.flush();
        return r;
    }
}
