package dev.minidocker.cli;

import dev.minidocker.MiniDockerException;
import dev.minidocker.cli.options.InvalidFlagValueException;
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

    /** What each verb's failure exits with, as the docker CLI's (ExitCodesMatchDockerRootTest checks it against docker). */
    @Test
    void onlyRunKeeps125AndAnExecThatCannotStartIs126() {
        Object run = RunCommand.spec().userObject();
        var exec = new ExecCommand();
        var ps = new PsCommand();
        assertEquals(125, ExitCodes.failureCode(run, new ContainerStartException("mount failed")));
        assertEquals(126, ExitCodes.failureCode(exec, new ContainerStartException("unable to find user x")));
        assertEquals(1, ExitCodes.failureCode(exec, new MiniDockerException("No such container: x")));
        assertEquals(127, ExitCodes.failureCode(exec, new CommandNotFoundException("exec: \"x\": not found")));
        assertEquals(1, ExitCodes.failureCode(ps, new MiniDockerException("invalid filter 'x'")));
        assertEquals(1, ExitCodes.failureCode(run, new ArgumentCountException("\"run\" requires at least 1 argument")));
        assertEquals(125, ExitCodes.failureCode(ps, new InvalidFlagValueException("invalid argument \"x\" for \"--memory\" flag")));
        assertEquals(1, ExitCodes.failureCode(null, new MiniDockerException("pull failed")));
    }
}
