package dev.minidocker.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pool's timing rules (its stage 2s themselves are exercised by the root tests of the daemon's runs). */
class Stage2PoolTest {
    @Test
    void aReplacementWaitsOnlyWhileAnotherStage2IsReady() {
        assertEquals(0, Stage2Pool.refillDelayMs(false), "with none ready the next run would wait for it");
        assertTrue(Stage2Pool.refillDelayMs(true) > 0, "else it keeps out of the claiming run's end");
        assertTrue(Stage2Pool.refillDelayMs(true) < 100, "and is ready well before a second run could come");
    }

    @Test
    void theIdleTimeComesFromTheEnvironmentWhenItIsANumber() {
        assertEquals(60_000, Stage2Pool.idleAfterMs(null));
        assertEquals(250, Stage2Pool.idleAfterMs(" 250 "));
        assertEquals(1, Stage2Pool.idleAfterMs("0"), "never zero: the trim is scheduled with it");
        assertEquals(60_000, Stage2Pool.idleAfterMs("soon"));
    }
}
