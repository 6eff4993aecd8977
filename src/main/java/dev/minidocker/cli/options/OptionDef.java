package dev.minidocker.cli.options;

import java.util.List;

/**
 * One command-line option, defined once and read by every parser: the picocli-free fast path
 * ({@link PlainArgs}), picocli (whose model {@link PicocliOptions} builds from it) and the lean
 * client of {@code run}. The verbs' tables are enums implementing this ({@link RunOption}, ...).
 */
public interface OptionDef {
    /** What one option is; each verb's enum constant holds one. */
    record Spec(List<String> names, Arity arity, ValueType type, String label, String description, String defaultValue) {
        public Spec(Arity arity, ValueType type, String label, String description, String defaultValue, String... names) {
            this(List.of(names), arity, type, label, description, defaultValue);
        }
    }

    Spec spec();

    /** Every spelling; the first is the canonical one. */
    default List<String> names() {
        return spec().names();
    }

    default Arity arity() {
        return spec().arity();
    }

    default ValueType type() {
        return spec().type();
    }

    /** The value's label in the help ("NAME", "BYTES"); null for a flag. */
    default String label() {
        return spec().label();
    }

    default String description() {
        return spec().description();
    }

    /** The value picocli shows and uses when the option is not given; null for none. */
    default String defaultValue() {
        return spec().defaultValue();
    }

    /** Whether it takes no value, as opposed to one (or one per occurrence). */
    default boolean isFlag() {
        return arity() == Arity.FLAG;
    }

    /** How often an option may be given, and whether with a value. */
    enum Arity {
        /** No value; at most once. */
        FLAG,
        /** One value; at most once. */
        VALUE,
        /** One value per occurrence, in order (a list). */
        REPEATABLE
    }

    /** What picocli converts the value to (its own error for a bad one); the fast path checks the same. */
    enum ValueType {
        TEXT, LONG, INT, PATH
    }
}
