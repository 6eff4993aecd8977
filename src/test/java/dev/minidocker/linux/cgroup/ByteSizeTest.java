package dev.minidocker.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.MiniDockerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|0", "512|512", "512b|512", "512B|512",
            "64k|65536", "64kb|65536", "64KiB|65536", "64K|65536",
            "512m|536870912", "512M|536870912", "512mb|536870912", "512 m|536870912",
            "1g|1073741824", "1.5g|1610612736", "1.5G|1610612736", "2t|2199023255552",
            "1p|1125899906842624", "0.5k|512", "1.0001k|1024", "6m|6291456"})
    void parsesDockerSizes(String in, long expected) {
        assertEquals(expected, ByteSize.parse(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"12x", "m", "-1", "1..5g", "1.5.2g", "1 g b", "1gbb", "1e3", "' 1g'", "1kk",
            "''", "0x10"})
    void rejectsWhatDockerRejects(String in) {
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> ByteSize.parse(in));
        assertEquals("invalid size: '" + in + "'", e.getMessage());
    }

    @Test
    void flagErrorsReadLikeDockers() {
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> ByteSize.parse("-m", "12x"));
        assertEquals("invalid value \"12x\" for flag -m: invalid size: '12x'", e.getMessage());
        assertEquals(1073741824L, ByteSize.parse("-m", "1g"));
    }

    @Test
    void tooLargeIsAnErrorNotAnOverflow() {
        assertEquals(8191L << 50, ByteSize.parse("8191p")); // 2^63 is 8192p
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> ByteSize.parse("8192p"));
        assertEquals("invalid size: '8192p' (too large)", e.getMessage());
    }

    @Test
    void swapAcceptsMinusOneForUnlimited() {
        assertEquals(-1, ByteSize.parseSwap("--memory-swap", "-1"));
        assertEquals(268435456L, ByteSize.parseSwap("--memory-swap", "256m"));
        MiniDockerException e = assertThrows(MiniDockerException.class, () -> ByteSize.parseSwap("--memory-swap", "-2"));
        assertEquals("invalid value \"-2\" for flag --memory-swap: invalid size: '-2'", e.getMessage());
    }

    @Test
    void formatsForMessages() {
        assertEquals("6MB", ByteSize.format(6291456));
        assertEquals("1.5GB", ByteSize.format(1610612736));
        assertEquals("512B", ByteSize.format(512));
    }
}
