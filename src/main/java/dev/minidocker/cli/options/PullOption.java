package dev.minidocker.cli.options;

import java.util.ArrayList;
import java.util.List;

/** Every option of {@code pull} (which has a picocli-free fast path too) and where its value lands. */
public enum PullOption implements OptionDef {
    QUIET(Arity.FLAG, ValueType.TEXT, null, "Suppress verbose output.", null, "-q", "--quiet"),
    PLATFORM(Arity.VALUE, ValueType.TEXT, "OS/ARCH[/VARIANT]", "Platform to pull (default: this host).", null, "--platform"),
    MAX_CONCURRENT_DOWNLOADS(Arity.VALUE, ValueType.INT, "N", "Layers downloaded in parallel (default: ${DEFAULT-VALUE}).",
            "3", "--max-concurrent-downloads"),
    INSECURE_REGISTRY(Arity.REPEATABLE, ValueType.TEXT, "HOST[:PORT]",
            "Allow plain HTTP to this registry (repeatable; loopback is always allowed).", null, "--insecure-registry");

    /** What {@code pull} was asked for. */
    public static final class Args {
        public boolean quiet;
        public String platform;
        public int maxConcurrentDownloads = Integer.parseInt(MAX_CONCURRENT_DOWNLOADS.defaultValue());
        public final List<String> insecureRegistries = new ArrayList<>();
        public String name;
    }

    private final Spec spec;

    PullOption(Arity arity, ValueType type, String label, String description, String defaultValue, String... names) {
        this.spec = new Spec(arity, type, label, description, defaultValue, names);
    }

    @Override public Spec spec() { return spec; }

    public void apply(Args a, String value) {
        switch (this) {
            case QUIET -> a.quiet = true;
            case PLATFORM -> a.platform = value;
            case MAX_CONCURRENT_DOWNLOADS -> a.maxConcurrentDownloads = Integer.parseInt(value);
            case INSECURE_REGISTRY -> a.insecureRegistries.add(value);
        }
    }
}
