package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.RootOnly;
import dev.minidocker.testing.DockerCli;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code image prune} as docker's, with the docker CLI (through our daemon) as the judge: without
 * {@code -a} only dangling images go, with it every image no container uses, dangling ones too;
 * an image a container uses stays. Each case is set up twice, once for each CLI, and both must
 * report the same images deleted.
 */
@RootOnly
class ImagePruneMatchesDockerRootTest extends DockerOracleTest {
    @Test
    void pruneRemovesWhatDockersRemoves() throws Exception {
        start("imageprune/busybox");
        String image = oracle.image;
        DockerCli docker = oracle.docker;
        StoreCli ours = oracle.ours;
        ours.ok("create", "--name", "keep", "--network", "none", image, "true");

        Function<String[], String> oursPrune = args -> call(ours, args);
        Function<String[], String> dockersPrune = args -> docker.run(args).ok().stdout();
        for (Function<String[], String> prune : java.util.List.of(oursPrune, dockersPrune)) {
            String dangling = commitTwice(ours);
            assertEquals("Deleted Images:\ndeleted: " + dangling + "\n\n",
                    withoutTotal(prune.apply(new String[] {"image", "prune", "-f"})));
            commitTwice(ours);
            // every image but the one the container uses: the tagged spare:1 and the two dangling ones
            String used = docker.run("image", "inspect", "-f", "{{.Id}}", image).ok().stdout().strip();
            java.util.List<String> gone = docker.run("images", "-a", "-q", "--no-trunc").ok().stdout().lines()
                    .filter(id -> !id.equals(used)).distinct().sorted().toList();
            assertEquals(3, gone.size(), gone.toString());
            assertEquals("Deleted Images:\nuntagged: spare:1\n" + gone.stream().map(id -> "deleted: " + id + "\n")
                    .collect(java.util.stream.Collectors.joining()) + "\n",
                    withoutTotal(sorted(prune.apply(new String[] {"image", "prune", "-a", "-f"}))),
                    "-a: the tagged image and the dangling ones");
            assertEquals(image + "\n", ours.ok("images", "--format", "{{.Repository}}:{{.Tag}}").out(),
                    "the image a container uses stays");
        }
    }

    /** Commits the container to spare:1 twice; the id of the first, dangling now. */
    private static String commitTwice(StoreCli cli) throws Exception {
        String first = cli.ok("commit", "keep", "spare:1").out().strip();
        Thread.sleep(1100); // another creation second: another id
        cli.ok("commit", "keep", "spare:1");
        return first;
    }

    private static String call(StoreCli cli, String[] args) {
        try {
            return cli.ok(args).out();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The report without its last line, whose figure each side computes its own way. */
    private static String withoutTotal(String report) {
        assertTrue(report.endsWith("\n") && report.lines().toList().getLast().startsWith("Total reclaimed space: "), report);
        return report.substring(0, report.lastIndexOf("Total reclaimed space: "));
    }

    /** The deleted lines in a stable order (the untagged line first), as both sides may list images in any order. */
    private static String sorted(String report) {
        java.util.List<String> lines = new java.util.ArrayList<>(report.lines().toList());
        java.util.List<String> deleted = new java.util.ArrayList<>(lines.stream().filter(l -> l.startsWith("deleted: ")).sorted().toList());
        java.util.List<String> untagged = lines.stream().filter(l -> l.startsWith("untagged: ")).toList();
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add("Deleted Images:");
        out.addAll(untagged);
        out.addAll(deleted);
        out.add("");
        out.add(lines.getLast());
        return String.join("\n", out) + "\n";
    }
}
