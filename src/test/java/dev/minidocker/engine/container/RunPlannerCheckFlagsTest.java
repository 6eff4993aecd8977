package dev.minidocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.minidocker.MiniDockerException;
import dev.minidocker.model.Security;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link RunPlanner#checkFlags}: what the docker CLI checks of run's flag values before it asks
 * its daemon anything (the CLI's create makes such a failure a flag error, 125), and only that: a
 * value its daemon checks passes here (create then fails with 1, as docker's).
 */
class RunPlannerCheckFlagsTest {
    private static RunRequest request(UnaryOperator<RunRequest.Builder> flags) {
        return flags.apply(new RunRequest.Builder().image("busybox").command(List.of("true"))).build();
    }

    private static String failure(UnaryOperator<RunRequest.Builder> flags) {
        return assertThrows(MiniDockerException.class, () -> RunPlanner.checkFlags(request(flags), Map.of())).getMessage();
    }

    @Test
    void valuesTheDockerCliParsesItselfFail() {
        assertEquals("invalid argument \"bogus\" for \"--dns\" flag: bogus is not an ip address", failure(b -> b.dns("bogus")));
        assertEquals("invalid argument \"bogus\" for \"--add-host\" flag: bad format for add-host: \"bogus\"",
                failure(b -> b.addHost("bogus")));
        assertEquals("invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x", failure(b -> b.env("=x")));
        assertEquals("open /nonexistent/env: no such file or directory", failure(b -> b.envFile(Path.of("/nonexistent/env"))));
        assertEquals("invalid volume specification: ':/x'", failure(b -> b.volume(":/x")));
        assertEquals("--security-opt bogus is not supported: bogus",
                failure(b -> b.security(Security.NONE.withSecurityOpt("bogus"))));
        assertEquals("seccomp profile /nonexistent/profile.json: no such file",
                failure(b -> b.security(Security.NONE.withSecurityOpt("seccomp=/nonexistent/profile.json"))));
    }

    @Test
    void valuesTheDaemonChecksPass() {
        // the daemon's checks: an IP off a user network, a relative tmpfs, a missing bind source,
        // an unknown capability, a relative working directory
        RunRequest r = request(b -> b.ip("abc").tmpfs("relative", "").volume("/nonexistent/src:/x")
                .security(Security.NONE.withCapAdd("BOGUS").withSecurityOpt("seccomp=unconfined")).workdir("relative")
                .dns("10.0.0.1").addHost("db:10.0.0.2").env("A=b").volume("named:/data"));
        assertDoesNotThrow(() -> RunPlanner.checkFlags(r, Map.of()));
    }
}
