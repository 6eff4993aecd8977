package dev.minidocker.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.MiniDockerException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flag text into Docker's units, with the docker CLI's messages (validation is Resources'). */
class FlagValuesTest {
    @Test
    void sizesUseBinaryUnits() {
        assertEquals(512L << 20, FlagValues.size("512m", "-m"));
        assertEquals(512L << 20, FlagValues.size("512MiB", "-m"));
        assertEquals(512L << 20, FlagValues.size("512 MB", "-m"));
        assertEquals((long) (1.5 * (1L << 30)), FlagValues.size("1.5g", "-m"));
        assertEquals(1000L, FlagValues.size("1000", "-m"));
        assertEquals(5L, FlagValues.size("5b", "-m"));
        assertEquals("invalid argument \"5x\" for \"-m, --memory\" flag: invalid size: '5x'",
                assertThrows(MiniDockerException.class, () -> FlagValues.size("5x", "-m, --memory")).getMessage());
        for (String bad : List.of("", "m", "1.", ".5", "-1", "1mm", "1  m", "1,5g")) {
            assertThrows(MiniDockerException.class, () -> FlagValues.size(bad, "-m"), bad);
        }
        assertEquals(-1L, FlagValues.swap("-1", "--memory-swap"));
    }

    @Test
    void cpusBecomeNanoCpus() {
        assertEquals(1_500_000_000L, FlagValues.nanoCpus("1.5"));
        assertEquals(0L, FlagValues.nanoCpus("0"));
        assertEquals(10_000_000L, FlagValues.nanoCpus("0.01"));
        assertEquals("invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number",
                assertThrows(MiniDockerException.class, () -> FlagValues.nanoCpus("abc")).getMessage());
    }
}
