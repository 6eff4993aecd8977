package dev.minidocker.cli.options;

import dev.minidocker.model.GoDuration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Flag text into Docker's units, with the docker CLI's messages. No regular expressions and no
 * lambdas: the lean client of {@code run} converts its flags with these too.
 */
public final class FlagValues {
    private FlagValues() {}

    /** A Go duration ("30s", "1m30s", "500ms"), as the docker CLI's duration flags take it. */
    public static Duration duration(String value, String flag) {
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFlagValueException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + e.getMessage());
        }
    }

    /** Docker's RAMInBytes: binary units, "512m", "1.5g", "64MiB", "1000", a space allowed before the unit. */
    public static long size(String value, String flag) {
        String v = value.strip();
        int i = 0;
        while (i < v.length() && isDigit(v.charAt(i))) i++;
        int digits = i;
        if (i < v.length() && v.charAt(i) == '.') {
            i++;
            int fraction = i;
            while (i < v.length() && isDigit(v.charAt(i))) i++;
            if (i == fraction) digits = 0; // "1." is not a number
        }
        String number = v.substring(0, i);
        if (i < v.length() && v.charAt(i) == ' ') i++;
        long mult = 1;
        if (i < v.length()) {
            long m = multiplier(v.charAt(i));
            if (m > 0) {
                mult = m;
                i++;
            }
        }
        if (i < v.length() && (v.charAt(i) == 'i' || v.charAt(i) == 'I')) i++;
        if (i < v.length() && (v.charAt(i) == 'b' || v.charAt(i) == 'B')) i++;
        if (digits == 0 || i != v.length()) {
            throw new InvalidFlagValueException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: invalid size: '"
                    + value + "'");
        }
        return (long) (Double.parseDouble(number) * mult);
    }

    /** --memory-swap: a size, or -1 for unlimited swap. */
    public static long swap(String value, String flag) {
        return value.equals("-1") ? -1 : size(value, flag);
    }

    /** --cpus: a decimal number of CPUs in Docker's NanoCpus (9 decimals kept). */
    public static long nanoCpus(String value) {
        try {
            return new BigDecimal(value.strip()).movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidFlagValueException("invalid argument \"" + value + "\" for \"--cpus\" flag: failed to parse "
                    + value + " as a rational number");
        }
    }

    private static long multiplier(char unit) {
        return switch (unit) {
            case 'k', 'K' -> 1L << 10;
            case 'm', 'M' -> 1L << 20;
            case 'g', 'G' -> 1L << 30;
            case 't', 'T' -> 1L << 40;
            case 'p', 'P' -> 1L << 50;
            default -> 0;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
