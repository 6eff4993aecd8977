package dev.minidocker.linux.cgroup;

import dev.minidocker.MiniDockerException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's memory sizes (go-units RAMInBytes): a decimal number, an optional space, an optional
 * binary unit k/m/g/t/p (powers of 1024), an optional "i" and an optional "b", case-insensitive:
 * "512", "512b", "64k", "64kb", "64KiB", "512m", "1g", "1.5g". Fractions are truncated to bytes.
 */
public final class ByteSize {
    private static final Pattern SIZE =
            Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?i?b?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgtp";

    private ByteSize() {}

    /** Parses a size; throws {@code invalid size: '12x'} when it is not one. */
    public static long parse(String s) {
        if (s == null) throw new MiniDockerException("invalid size: ''");
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) throw new MiniDockerException("invalid size: '" + s + "'");
        BigDecimal value = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            int power = UNITS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
            value = value.multiply(BigDecimal.valueOf(1024).pow(power));
        }
        BigDecimal bytes = value.setScale(0, java.math.RoundingMode.DOWN);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new MiniDockerException("invalid size: '" + s + "' (too large)");
        }
        return bytes.longValueExact();
    }

    /** Parses the value of a size flag, naming the flag as docker does on failure. */
    public static long parse(String flag, String s) {
        try {
            return parse(s);
        } catch (MiniDockerException e) {
            throw new MiniDockerException(
                    "invalid value \"" + s + "\" for flag " + flag + ": " + e.getMessage());
        }
    }

    /** --memory-swap: a size, or "-1" for unlimited swap (returned as -1). */
    public static long parseSwap(String flag, String s) {
        if ("-1".equals(s == null ? null : s.trim())) return -1;
        return parse(flag, s);
    }

    /** A short human form for messages: 6291456 -> "6MB", 1536 -> "1.5KB". */
    public static String format(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        String n = (v == Math.rint(v)) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
        if (n.contains(".")) n = n.replaceAll("0+$", "").replaceAll("\\.$", "");
        return n + units[u];
    }
}
