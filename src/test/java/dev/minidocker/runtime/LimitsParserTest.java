package dev.minidocker.runtime;

import dev.minidocker.MiniDockerException;
import dev.minidocker.runtime.host.CgroupFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LimitsParserTest {
    @Test
    void sizesUseBinaryUnits() {
        assertEquals(512L << 20, LimitsParser.size("512m", "-m"));
        assertEquals(512L << 20, LimitsParser.size("512MiB", "-m"));
        assertEquals((long) (1.5 * (1L << 30)), LimitsParser.size("1.5g", "-m"));
        assertEquals(1000L, LimitsParser.size("1000", "-m"));
        assertEquals("invalid argument \"5x\" for \"-m, --memory\" flag: invalid size: '5x'",
                assertThrows(MiniDockerException.class, () -> LimitsParser.size("5x", "-m, --memory")).getMessage());
    }

    @Test
    void dockersMemoryRules() {
        assertEquals("Minimum memory limit allowed is 6MB",
                assertThrows(MiniDockerException.class, () -> parse("4m", null, null)).getMessage());
        assertThrows(MiniDockerException.class, () -> parse(null, "64m", null));
        assertThrows(MiniDockerException.class, () -> parse("64m", "32m", null));
        assertEquals(-1L, parse("64m", "-1", null).memorySwapBytes());
    }

    @Test
    void cpusMustBeInRange() {
        assertEquals(1.5, parse(null, null, "1.5").cpus());
        assertNull(parse(null, null, "0").cpus());
        assertEquals("Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available",
                assertThrows(MiniDockerException.class, () -> parse(null, null, "5")).getMessage());
        assertThrows(MiniDockerException.class, () -> parse(null, null, "abc"));
    }

    @Test
    void pidsLimitZeroOrNegativeIsUnlimitedAndCpusetIsChecked() {
        assertNull(LimitsParser.parse(null, null, null, null, null, -1L, 4).pidsLimit());
        assertEquals(10L, LimitsParser.parse(null, null, null, null, null, 10L, 4).pidsLimit());
        assertThrows(MiniDockerException.class, () -> LimitsParser.parse(null, null, null, null, "0-a", null, 4));
        assertEquals("0-1,3", LimitsParser.parse(null, null, null, null, "0-1,3", null, 4).cpusetCpus());
    }

    private static CgroupFactory.Limits parse(String mem, String swap, String cpus) {
        return LimitsParser.parse(mem, swap, cpus, null, null, null, 4);
    }
}
