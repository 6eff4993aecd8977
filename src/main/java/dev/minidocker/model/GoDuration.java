package dev.minidocker.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.Duration} as the docker CLI reads and prints it: "1m30s", "500ms", "1.5h"
 * (units ns, us, ms, s, m, h; "0" alone is zero), and Docker's wire form, nanoseconds.
 */
public final class GoDuration {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    /** @throws IllegalArgumentException with Go's words for text that is not a duration */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) return Duration.ZERO;
        boolean negative = s.startsWith("-");
        String body = negative || s.startsWith("+") ? s.substring(1) : s;
        if (!WHOLE.matcher(body).matches()) {
            throw new IllegalArgumentException("time: " + (body.matches(".*\\d.*") && !body.matches(".*[a-zµ].*")
                    ? "missing unit in duration \"" + text + "\"" : "invalid duration \"" + text + "\""));
        }
        Matcher m = PART.matcher(body);
        double nanos = 0;
        while (m.find()) {
            nanos += Double.parseDouble(m.group(1)) * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        Duration d = Duration.ofNanos(Math.round(nanos));
        return negative ? d.negated() : d;
    }

    /** As Go's Duration.String prints it: "30s", "1m30s", "500ms", "1h0m0s", "0s". */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) return "0s";
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000_000_000L) {
            if (n < 1_000) return sign + n + "ns";
            if (n < 1_000_000) return sign + trim(n / 1e3) + "µs";
            return sign + trim(n / 1e6) + "ms";
        }
        long h = n / 3_600_000_000_000L, m = n / 60_000_000_000L % 60;
        double s = (n % 60_000_000_000L) / 1e9;
        if (h > 0) return sign + h + "h" + m + "m" + trim(s) + "s";
        if (m > 0) return sign + m + "m" + trim(s) + "s";
        return sign + trim(s) + "s";
    }

    private static String trim(double v) {
        String s = java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s;
    }
}
