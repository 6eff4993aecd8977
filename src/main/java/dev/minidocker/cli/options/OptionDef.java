package dev.minidocker.cli.options;

import java.util.List;

/**
 * One command-line option, defined once and read by every parser: the picocli-free fast path
 * ({@link PlainArgs}), picocli (whose model {@link PicocliOptions} builds from it) and the lean
 * client of {@code run}. The verbs' tables are enums implementing this ({@link RunOption}, ...).
 */
public interface OptionDef {
    /** Every spelling; the first is the canonical one. */
    List<String> names();

    Arity arity();

    ValueType type();

    /** The value's label in the help ("NAME", "BYTES"); null for a flag. */
    String label();

    String description();

    /** The value picocli shows and uses when the option is not given; null for none. */
    default String defaultValue() {
        return null;
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
