package dev.minidocker.cli.options;

import java.util.ArrayList;
import java.util.List;

/** Every option of {@code push} (which has a picocli-free fast path too) and where its value lands. */
public enum PushOption implements OptionDef {
    ALL_TAGS(Arity.FLAG, ValueType.TEXT, null, "Push all tags of an image to the repository.", null, "-a", "--all-tags"),
    QUIET(Arity.FLAG, ValueType.TEXT, null, "Suppress verbose output.", null, "-q", "--quiet"),
    INSECURE_REGISTRY(Arity.REPEATABLE, ValueType.TEXT, "HOST[:PORT]", "Allow plain HTTP to this registry.", null,
            "--insecure-registry");

    /** What {@code push} was asked for. */
    public static final class Args {
        public boolean allTags;
        public boolean quiet;
        public final List<String> insecureRegistries = new ArrayList<>();
        public String name;
    }

    private final Spec spec;

    PushOption(Arity arity, ValueType type, String label, String description, String defaultValue, String... names) {
        this.spec = new Spec(arity, type, label, description, defaultValue, names);
    }

    @Override public Spec spec() { return spec; }

    public void apply(Args a, String value) {
        switch (this) {
            case ALL_TAGS -> a.allTags = true;
            case QUIET -> a.quiet = true;
            case INSECURE_REGISTRY -> a.insecureRegistries.add(value);
        }
    }
}
