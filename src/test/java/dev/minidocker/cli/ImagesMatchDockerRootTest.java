package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.minidocker.RootOnly;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code images} (and {@code history --format}) with its filters, a REPOSITORY[:TAG], {@code -q} and {@code --no-trunc} prints
 * what the docker CLI prints for the same store (through our daemon), rows compared in any order.
 */
@RootOnly
class ImagesMatchDockerRootTest extends DockerOracleTest {
    @Test
    void imagesListsWhatDockersLists() throws Exception {
        start("images/busybox");
        String image = oracle.image;
        StoreCli ours = oracle.ours;
        ours.ok("tag", image, "other/bb:v1");
        ours.ok("create", "--name", "keep", "--network", "none", image, "true");
        ours.ok("commit", "keep", "spare:1");
        Thread.sleep(1100); // another creation second: another id, and the first is left dangling
        ours.ok("commit", "keep", "spare:1");
        ours.ok("commit", "keep", "spare:2");
        List<List<String>> listings = List.of(
                List.of("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}"),
                List.of("images", "-q"),
                List.of("images", "-q", "--no-trunc"),
                List.of("images", "spare"),
                List.of("images", "spare:2", "--format", "{{.ID}}"),
                List.of("images", "other/bb"),
                List.of("images", "--filter", "dangling=true", "-q"),
                List.of("images", "-f", "dangling=false", "--format", "{{.Repository}}:{{.Tag}}"),
                List.of("images", "--filter", "reference=spare:*", "--no-trunc", "--format", "{{.ID}}"),
                List.of("images", "--filter", "before=spare:2", "--format", "{{.Repository}}:{{.Tag}}"),
                List.of("history", "--format", "{{.ID}} {{.CreatedAt}} {{.CreatedBy}} {{.Size}} {{.Comment}}", "spare:2"),
                List.of("history", "--no-trunc", "--format", "{{.ID}} {{.CreatedSince}} {{.CreatedAt}}", image),
                List.of("history", "--format", "table {{.ID}}\t{{.Comment}}", "spare:2"));
        assertEquals(List.of(), oracle.outputDifferences(listings, ImagesMatchDockerRootTest::rows));
    }

    /** Rows in a stable order, runs of spaces as one, the CREATED column (a relative time) left out. */
    private static String rows(String out) {
        return out.lines().map(l -> l.replaceAll(" {2,}", "\t").replaceAll("\t[^\t]*ago\t", "\t"))
                .sorted().toList().toString();
    }
}
