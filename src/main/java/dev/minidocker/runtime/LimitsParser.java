package dev.minidocker.runtime;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.host.CgroupFactory;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resource flags into {@link CgroupFactory.Limits}, with Docker's validation and messages. */
public final class LimitsParser {
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");
    private static final Pattern CPUSET = Pattern.compile("^\\d+(-\\d+)?(,\\d+(-\\d+)?)*$");
    static final long MIN_MEMORY = 6L * 1024 * 1024;

    private LimitsParser() {}

    public static CgroupFactory.Limits parse(String memory, String memorySwap, String cpus, Long cpuShares, String cpusetCpus,
                               Long pidsLimit, int availableCpus) {
        Long mem = memory == null ? null : size(memory, "-m, --memory");
        if (mem != null && mem > 0 && mem < MIN_MEMORY) {
            throw new MiniDockerException("Minimum memory limit allowed is 6MB");
        }
        Long swap = null;
        if (memorySwap != null) {
            swap = memorySwap.equals("-1") ? -1L : size(memorySwap, "--memory-swap");
            if (mem == null || mem == 0) {
                throw new MiniDockerException("You should always set the Memory limit when using Memoryswap limit, see usage");
            }
            if (swap != -1 && swap < mem) {
                throw new MiniDockerException("Minimum memoryswap limit should be larger than memory limit, see usage");
            }
        }
        Double cpuCount = null;
        if (cpus != null) {
            BigDecimal d;
            try {
                d = new BigDecimal(cpus.strip());
            } catch (NumberFormatException e) {
                throw new MiniDockerException("invalid argument \"" + cpus + "\" for \"--cpus\" flag: failed to parse "
                        + cpus + " as a rational number");
            }
            if (d.signum() < 0 || (d.signum() > 0 && d.compareTo(new BigDecimal("0.01")) < 0)
                    || d.compareTo(BigDecimal.valueOf(availableCpus)) > 0) {
                throw new MiniDockerException(String.format(Locale.ROOT,
                        "Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available",
                        availableCpus, availableCpus));
            }
            cpuCount = d.signum() == 0 ? null : d.doubleValue();
        }
        if (cpuShares != null && cpuShares < 0) {
            throw new MiniDockerException("invalid argument \"" + cpuShares + "\" for \"--cpu-shares\" flag: must be >= 0");
        }
        if (cpusetCpus != null && !CPUSET.matcher(cpusetCpus).matches()) {
            throw new MiniDockerException("Invalid value " + cpusetCpus + " for cpuset cpus");
        }
        Long pids = pidsLimit == null || pidsLimit <= 0 ? null : pidsLimit;
        return new CgroupFactory.Limits(mem == null || mem == 0 ? null : mem, swap, cpuCount,
                cpuShares == null || cpuShares == 0 ? null : cpuShares, cpusetCpus, pids);
    }

    /** Docker's RAMInBytes: binary units, "512m", "1.5g", "64MiB", plain bytes. */
    public static long size(String value, String flag) {
        Matcher m = SIZE.matcher(value.strip());
        if (!m.matches()) {
            throw new MiniDockerException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: invalid size: '"
                    + value + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long mult = switch (unit) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            case "p" -> 1L << 50;
            default -> 1L;
        };
        return (long) (n * mult);
    }
}
