package dev.minidocker.cli.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * picocli's model of an option table, built programmatically (no annotations to keep in step with
 * the table), and the values picocli parsed, handed back in the table's terms.
 */
public final class PicocliOptions {
    private PicocliOptions() {}

    /** Adds every option of {@code table} to {@code spec}, in the table's order. */
    public static void add(CommandSpec spec, OptionDef[] table) {
        for (OptionDef o : table) spec.addOption(option(o).build());
    }

    /** The picocli option for {@code o}, to be finished (e.g. with a scope) and built. */
    public static OptionSpec.Builder option(OptionDef o) {
        OptionSpec.Builder b = OptionSpec.builder(o.names().toArray(new String[0])).description(o.description());
        if (o.label() != null) b.paramLabel(o.label());
        if (o.defaultValue() != null) b.defaultValue(o.defaultValue());
        Class<?> type = switch (o.type()) {
            case TEXT -> String.class;
            case LONG -> Long.class;
            case INT -> Integer.class;
            case PATH -> Path.class;
        };
        return switch (o.arity()) {
            case FLAG -> b.arity("0").type(boolean.class);
            case VALUE -> b.arity("1").type(type);
            case REPEATABLE -> b.arity("1").type(List.class).auxiliaryTypes(type);
        };
    }

    /** What the user gave of {@code table} in {@code parsed}, option by option (repeated values in order). */
    public static List<PlainArgs.Given> given(ParseResult parsed, OptionDef[] table) {
        List<PlainArgs.Given> out = new ArrayList<>();
        for (OptionDef o : table) {
            OptionSpec spec = parsed.commandSpec().findOption(o.names().getFirst());
            if (spec == null || !parsed.hasMatchedOption(spec)) continue;
            Object value = spec.getValue();
            if (o.isFlag()) {
                out.add(new PlainArgs.Given(o, null));
            } else if (value instanceof List<?> list) {
                for (Object v : list) out.add(new PlainArgs.Given(o, String.valueOf(v)));
            } else {
                out.add(new PlainArgs.Given(o, String.valueOf(value)));
            }
        }
        return out;
    }
}
