package dev.minidocker.cli;

import dev.minidocker.runtime.spec.CommandNotExecutableException;
import dev.minidocker.runtime.spec.CommandNotFoundException;
import dev.minidocker.runtime.spec.ContainerStartException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExitCodesRuntimeTest {
    @Test
    void execFailuresMapToDockersCodes() {
        assertEquals(127, ExitCodes.forException(new CommandNotFoundException("exec: \"x\": not found")));
        assertEquals(126, ExitCodes.forException(new CommandNotExecutableException("exec: \"/etc\": denied")));
        assertEquals(125, ExitCodes.forException(new ContainerStartException("mount failed")));
    }
}
