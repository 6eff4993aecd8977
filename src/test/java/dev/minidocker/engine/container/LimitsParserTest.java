package dev.minidocker.engine.container;

import dev.minidocker.model.Resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.MiniDockerException;
import org.junit.jupiter.api.Test;

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
        assertEquals(-1L, parse("64m", "-1", null).memorySwap());
    }

    @Test
    void cpusMustBeInRange() {
        assertEquals(1_500_000_000L, parse(null, null, "1.5").nanoCpus());
        assertEquals(0L, parse(null, null, "0").nanoCpus());
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

    private static Resources parse(String mem, String swap, String cpus) {
        return LimitsParser.parse(mem, swap, cpus, null, null, null, 4);
    }
}
