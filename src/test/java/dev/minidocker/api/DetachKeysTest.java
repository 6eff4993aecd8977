package dev.minidocker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    private static final byte CTRL_P = 16, CTRL_Q = 17;

    @Test
    void theDefaultIsCtrlPCtrlQAndItIsSwallowed() {
        DetachKeys keys = DetachKeys.parse(null);
        ByteArrayOutputStream forward = new ByteArrayOutputStream();
        assertTrue(keys.scan(new byte[] {'l', 's', CTRL_P, CTRL_Q, 'x'}, 5, forward));
        assertEquals("ls", forward.toString(StandardCharsets.UTF_8), "nothing from the sequence on is passed on");
    }

    @Test
    void aSequenceSplitAcrossReadsStillDetaches() {
        DetachKeys keys = DetachKeys.parse("ctrl-p,ctrl-q");
        ByteArrayOutputStream forward = new ByteArrayOutputStream();
        assertFalse(keys.scan(new byte[] {'a', CTRL_P}, 2, forward));
        assertEquals("a", forward.toString(StandardCharsets.UTF_8), "a begun sequence is held back");
        assertTrue(keys.scan(new byte[] {CTRL_Q}, 1, forward));
    }

    @Test
    void anUnfinishedSequenceIsPassedOnAsTyped() {
        DetachKeys keys = DetachKeys.parse(null);
        ByteArrayOutputStream forward = new ByteArrayOutputStream();
        assertFalse(keys.scan(new byte[] {CTRL_P, 'v', CTRL_P, CTRL_P}, 4, forward));
        assertEquals(new String(new byte[] {CTRL_P, 'v', CTRL_P}, StandardCharsets.UTF_8), forward.toString(StandardCharsets.UTF_8));
        assertTrue(keys.scan(new byte[] {CTRL_Q}, 1, forward), "the last ctrl-p began the sequence again");
    }

    @Test
    void customKeysTakeCharactersAndCtrlNames() {
        ByteArrayOutputStream forward = new ByteArrayOutputStream();
        assertTrue(DetachKeys.parse("ctrl-a,x").scan(new byte[] {1, 'x'}, 2, forward));
        assertTrue(DetachKeys.parse("ctrl-[").scan(new byte[] {27}, 1, forward), "ctrl-[ is ESC");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ctrl-+"));
        assertEquals("Invalid escape keys (ctrl-+) provided", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ab"));
    }
}
