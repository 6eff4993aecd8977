package dev.minidocker.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {
    @Test
    void startTimeIsField22EvenWithParenthesesInComm() {
        String stat = "123 (a) b (c)) S 1 123 123 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10";
        assertEquals(OptionalLong.of(98765), ProcessIdentity.parseStartTime(stat));
        assertEquals(OptionalLong.empty(), ProcessIdentity.parseStartTime(stat.replace(" S ", " Z ")));
    }

    @Test
    void thisProcessIsAliveAndAReusedPidIsNot() {
        long me = ProcessHandle.current().pid();
        long start = ProcessIdentity.startTime(me).orElseThrow();
        assertTrue(ProcessIdentity.isAlive(me, start));
        assertFalse(ProcessIdentity.isAlive(me, start + 1));
        assertFalse(ProcessIdentity.isAlive(Integer.MAX_VALUE, 0));
        assertTrue(ProcessIdentity.effectiveUid() >= 0);
    }
}
