package dev.minidocker.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** Docker's human-readable sizes ("4.26MB", decimal units) and ages ("2 hours ago"). */
public final class HumanUnits {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private HumanUnits() {}

    /** Three significant digits, decimal units, no trailing zeros: 4261000 -> "4.26MB" (docker images' SIZE). */
    public static String size(long bytes) {
        return size(bytes, 3);
    }

    /** As go-units HumanSizeWithPrecision: decimal units, {@code digits} significant ("Total reclaimed space" takes 4). */
    public static String size(long bytes, int digits) {
        return scaled(bytes, 1000, UNITS, digits);
    }

    /** As go-units BytesSize (docker info's Total Memory): binary units, four significant digits: "23.54GiB". */
    public static String binarySize(long bytes) {
        return scaled(bytes, 1024, BINARY_UNITS, 4);
    }

    /** {@code bytes} in the largest unit below it, rounded to {@code digits}; a rounding up to {@code base} carries. */
    private static String scaled(long bytes, int base, String[] units, int digits) {
        double v = bytes;
        int unit = 0;
        while (v >= base && unit < units.length - 1) {
            v /= base;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits));
        if (rounded.compareTo(BigDecimal.valueOf(base)) >= 0 && unit < units.length - 1) {
            rounded = rounded.divide(BigDecimal.valueOf(base)).round(new MathContext(digits));
            unit++;
        }
        return rounded.stripTrailingZeros().toPlainString() + units[unit];
    }

    /** Like go-units HumanDuration: "Less than a second", "About a minute", "3 weeks", ... */
    public static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = d.toMinutes();
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        long hours = Math.round(d.toSeconds() / 3600.0);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return hours / 24 / 365 + " years";
    }

    public static String ago(java.time.Instant then) {
        return duration(Duration.between(then, java.time.Instant.now())) + " ago";
    }
}
