package dev.minidocker.cli.options;

import java.util.List;

/** The options every verb takes, before or after it (picocli: inherited by every subcommand). */
public enum GlobalOption implements OptionDef {
    ROOT(Arity.VALUE, ValueType.PATH, "DIR", "Store root (default: $MINIDOCKER_ROOT or /var/lib/minidocker).", "--root"),
    DEBUG(Arity.FLAG, ValueType.TEXT, null, "Print stack traces for errors.", "-D", "--debug");

    private final List<String> names;
    private final Arity arity;
    private final ValueType type;
    private final String label;
    private final String description;

    GlobalOption(Arity arity, ValueType type, String label, String description, String... names) {
        this.names = List.of(names);
        this.arity = arity;
        this.type = type;
        this.label = label;
        this.description = description;
    }

    @Override public List<String> names() { return names; }
    @Override public Arity arity() { return arity; }
    @Override public ValueType type() { return type; }
    @Override public String label() { return label; }
    @Override public String description() { return description; }

    /** The global option spelled {@code arg} (without "=value"); null if none is. */
    public static GlobalOption named(String arg) {
        for (GlobalOption o : values()) if (o.names.contains(arg)) return o;
        return null;
    }
}
