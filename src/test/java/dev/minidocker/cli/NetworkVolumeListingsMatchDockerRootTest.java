package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code network ls}, {@code volume ls} (their columns, -q, --no-trunc, filters, formats),
 * {@code network inspect -f}, {@code volume inspect -f}, {@code container inspect -f} and
 * {@code system df --format} print what
 * the docker CLI prints for the same store, through our daemon.
 */
@RootOnly
class NetworkVolumeListingsMatchDockerRootTest extends DockerOracleTest {
    /** The network goes once the daemon and its containers have gone. */
    @Override
    @AfterEach
    void closeOracle() throws Exception {
        super.closeOracle();
        new StoreCli(root).run("network", "rm", "listed");
    }

    @Test
    void listingsAndInspectFormatsMatchDockers() throws Exception {
        start("listings/busybox");
        String image = oracle.image;
        StoreCli ours = oracle.ours;
        ours.ok("network", "create", "listed");
        ours.ok("volume", "create", "--label", "team=a", "kept");
        ours.ok("volume", "create", "loose");
        ours.ok("create", "--name", "user", "--network", "listed", "-v", "kept:/data", image, "true");
        List<List<String>> commands = List.of(
                List.of("network", "ls"),
                List.of("network", "ls", "-q"),
                List.of("network", "ls", "--no-trunc", "-q", "--filter", "name=listed"),
                List.of("network", "ls", "--filter", "driver=bridge", "--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}}"),
                List.of("network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}}", "listed", "none"),
                List.of("volume", "ls"),
                List.of("volume", "ls", "-q", "--filter", "dangling=true"),
                List.of("volume", "ls", "-q", "--filter", "label=team=a"),
                List.of("volume", "ls", "--filter", "name=oo", "--format", "{{.Name}} {{.Driver}} {{.Labels}} {{.Mountpoint}}"),
                List.of("volume", "inspect", "-f", "{{.Name}} {{.Mountpoint}} {{.Labels}}", "kept", "loose"),
                List.of("container", "inspect", "-f", "{{.Name}} {{.State.Status}} {{.HostConfig.NetworkMode}}", "user"),
                List.of("system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}}"));
        assertEquals(List.of(), oracle.outputDifferences(commands, out -> out));
    }
}
