package dev.minidocker.cli.options;

import java.util.ArrayList;
import java.util.List;

/** Every option of {@code build} (which has a picocli-free fast path too) and where its value lands. */
public enum BuildOption implements OptionDef {
    TAG(Arity.REPEATABLE, "NAME[:TAG]", "Name and optionally a tag (repeatable).", "-t", "--tag"),
    FILE(Arity.VALUE, "FILE", "Name of the Dockerfile (default: PATH/Dockerfile).", "-f", "--file"),
    BUILD_ARG(Arity.REPEATABLE, "K[=V]", "Set build-time variables (K alone: from the environment).", "--build-arg"),
    LABEL(Arity.REPEATABLE, "K=V", "Set metadata for the image (repeatable).", "--label"),
    TARGET(Arity.VALUE, "STAGE", "Set the target build stage to build.", "--target"),
    NO_CACHE(Arity.FLAG, null, "Do not use cache when building the image.", "--no-cache"),
    PULL(Arity.FLAG, null, "Always attempt to pull a newer version of the image.", "--pull"),
    QUIET(Arity.FLAG, null, "Suppress the build output and print image ID on success.", "-q", "--quiet"),
    NETWORK(Arity.VALUE, "MODE", "Networking mode for the RUN instructions.", "--network"),
    PLATFORM(Arity.VALUE, "OS/ARCH[/VARIANT]", "Platform of the FROM images.", "--platform"),
    RM(Arity.FLAG, null, "Remove intermediate containers after a successful build (always done).", "--rm"),
    FORCE_RM(Arity.FLAG, null, "Always remove intermediate containers (always done).", "--force-rm");

    /** What {@code build} was asked for. */
    public static final class Args {
        public final List<String> tags = new ArrayList<>();
        public String file;
        public final List<String> buildArgs = new ArrayList<>();
        public final List<String> labels = new ArrayList<>();
        public String target;
        public boolean noCache;
        public boolean pull;
        public boolean quiet;
        public String network;
        public String platform;
        public String context;
    }

    private final Spec spec;

    BuildOption(Arity arity, String label, String description, String... names) {
        this.spec = new Spec(arity, ValueType.TEXT, label, description, null, names);
    }

    @Override public Spec spec() { return spec; }

    public void apply(Args a, String value) {
        switch (this) {
            case TAG -> a.tags.add(value);
            case FILE -> a.file = value;
            case BUILD_ARG -> a.buildArgs.add(value);
            case LABEL -> a.labels.add(value);
            case TARGET -> a.target = value;
            case NO_CACHE -> a.noCache = true;
            case PULL -> a.pull = true;
            case QUIET -> a.quiet = true;
            case NETWORK -> a.network = value;
            case PLATFORM -> a.platform = value;
            case RM, FORCE_RM -> { } // build containers are always removed
        }
    }
}
