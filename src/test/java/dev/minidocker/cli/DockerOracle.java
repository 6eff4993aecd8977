package dev.minidocker.cli;

import dev.minidocker.testing.DockerCli;
import dev.minidocker.testing.LocalRegistry;
import dev.minidocker.testing.TestDaemon;
import dev.minidocker.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The judge of the *MatchesDocker* root tests: a store with busybox pulled and its daemon running,
 * our CLI ({@link StoreCli}) and the docker CLI on it. A command goes through both; the test
 * asserts that no difference is left.
 */
final class DockerOracle implements AutoCloseable {
    final TestDaemon daemon;
    final DockerCli docker;
    final StoreCli ours;
    /** busybox, pushed to the shared local registry and pulled into the store. */
    final String image;

    private DockerOracle(TestDaemon daemon, DockerCli docker, StoreCli ours, String image) {
        this.daemon = daemon;
        this.docker = docker;
        this.ours = ours;
        this.image = image;
    }

    /** {@code repository}: where busybox goes in the local registry (one per test class). */
    static DockerOracle start(Path root, Path dockerConfig, String repository) throws Exception {
        String image = LocalRegistry.shared().push(TestImages.busybox(), repository, TestImages.TAG);
        TestDaemon daemon = TestDaemon.start(root);
        StoreCli ours = new StoreCli(root);
        ours.ok("pull", "-q", image);
        return new DockerOracle(daemon, daemon.docker(dockerConfig), ours, image);
    }

    /** Each command through both CLIs, which must succeed; those whose output, as {@code seen} shows it, differs. */
    List<String> outputDifferences(List<List<String>> commands, UnaryOperator<String> seen) throws Exception {
        List<String> differ = new ArrayList<>();
        for (List<String> args : commands) {
            String theirs = seen.apply(docker.run(args.toArray(String[]::new)).ok().stdout());
            String mine = seen.apply(ours.ok(args.toArray(String[]::new)).out());
            if (!theirs.equals(mine)) differ.add(String.join(" ", args) + "\n docker: " + theirs + "\n ours:   " + mine);
        }
        return differ;
    }

    /** Each command through both CLIs; those whose exit code differs. */
    List<String> exitCodeDifferences(List<List<String>> commands) throws Exception {
        List<String> differ = new ArrayList<>();
        for (List<String> c : commands) {
            int theirs = docker.run(c.toArray(String[]::new)).exitCode();
            int mine = ours.run(c.toArray(String[]::new)).code();
            if (theirs != mine) differ.add(String.join(" ", c) + ": docker " + theirs + ", mini-docker " + mine);
        }
        return differ;
    }

    /** Stops the daemon; its containers are removed. */
    @Override
    public void close() {
        daemon.close();
    }
}
