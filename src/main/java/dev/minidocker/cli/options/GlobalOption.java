package dev.minidocker.cli.options;

import java.util.List;

/** The options every verb takes, before or after it (picocli: inherited by every subcommand). */
public enum GlobalOption implements OptionDef {
    ROOT(Arity.VALUE, ValueType.PATH, "DIR", "Store root (default: $MINIDOCKER_ROOT or /var/lib/minidocker).", "--root"),
    DEBUG(Arity.FLAG, ValueType.TEXT, null, "Print stack traces for errors.", "-D", "--debug");

    private final Spec spec;

    GlobalOption(Arity arity, ValueType type, String label, String description, String... names) {
        this.spec = new Spec(arity, type, label, description, null, names);
    }

    @Override public Spec spec() { return spec; }

    /** The global option spelled {@code arg} (without "=value"); null if none is. */
    public static GlobalOption named(String arg) {
        for (GlobalOption o : values()) if (o.names().contains(arg)) return o;
        return null;
    }
}
