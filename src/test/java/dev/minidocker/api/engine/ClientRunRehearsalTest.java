package dev.minidocker.api.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.minidocker.state.ContainerStore;
import org.junit.jupiter.api.Test;

/**
 * The daemon's warm-up parses samples through the very readers a client's run uses: they must stay
 * valid requests and records as those types change (a rehearsal that fails would only log, and
 * leave the first run its cost).
 */
class ClientRunRehearsalTest {
    @Test
    void theSampleRunRequestPassesTheEndpointsChecks() {
        assertDoesNotThrow(ClientRunEndpoint::rehearse);
    }

    @Test
    void theSampleRecordAndStateReadBack() {
        assertDoesNotThrow(ContainerStore::rehearseReading);
    }
}
