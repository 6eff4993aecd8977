package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ps} with -a, -n, -l, -q and filters lists what the docker CLI lists for the same containers, in its order. */
@RootOnly
class PsMatchesDockerRootTest extends DockerOracleTest {
    @Test
    void psListsWhatDockersLists() throws Exception {
        start("ps/busybox");
        String image = oracle.image;
        StoreCli ours = oracle.ours;
        ours.ok("create", "--name", "made", "--network", "none", image, "true");
        assertEquals(3, ours.run("run", "--name", "three", "--network", "none", image, "sh", "-c", "exit 3").code());
        ours.ok("run", "-d", "--name", "up", "--network", "none", image, "sleep", "60");
        List<List<String>> listings = List.of(
                List.of("ps", "-q"),
                List.of("ps", "-aq"),
                List.of("ps", "-n", "2", "-q"),
                List.of("ps", "-lq"),
                List.of("ps", "-l", "--format", "{{.Names}} {{.State}}"),
                List.of("ps", "-a", "--filter", "exited=3", "--format", "{{.Names}}"),
                List.of("ps", "-a", "--filter", "status=created", "--no-trunc", "-q"),
                List.of("ps", "-n", "3", "--filter", "name=e", "--format", "{{.Names}} {{.Image}} {{.Command}}"));
        assertEquals(List.of(), oracle.outputDifferences(listings, out -> out));
    }
}
