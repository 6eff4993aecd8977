package dev.minidocker.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuSetTest {
    @Test
    void parsesAndPrintsTheKernelListFormat() {
        assertEquals("0-3,6,8-9", CpuSet.parse("0-3,6,8-9").toString());
        assertEquals("0-2", CpuSet.parse("0,1,2").toString());
        assertEquals("1", CpuSet.parse(" 1\n").toString());
        assertTrue(CpuSet.parse("").isEmpty());
        assertEquals(6, CpuSet.parse("0-3,8-9").size());
    }

    @Test
    void containment() {
        CpuSet host = CpuSet.parse("0-1");
        assertTrue(host.containsAll(CpuSet.parse("1")));
        assertTrue(host.containsAll(CpuSet.parse("0-1")));
        assertFalse(host.containsAll(CpuSet.parse("1-2")));
        assertEquals(host, CpuSet.firstN(2));
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"x", "1-", "-1", "3-1", "1,,2", "1-2-3", "99999", "1.5"}) {
            assertThrows(IllegalArgumentException.class, () -> CpuSet.parse(bad), bad);
        }
    }
}
