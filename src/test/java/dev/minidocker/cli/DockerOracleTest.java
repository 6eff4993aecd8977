package dev.minidocker.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The base of the *MatchesDocker* root tests: each test starts its {@link DockerOracle}, closed after it. */
abstract class DockerOracleTest {
    @TempDir
    Path root;
    @TempDir
    Path dockerConfig;
    DockerOracle oracle;

    /** {@code repository}: where busybox goes in the local registry (one per test class). */
    DockerOracle start(String repository) throws Exception {
        oracle = DockerOracle.start(root, dockerConfig, repository);
        return oracle;
    }

    /** Stops the daemon (its containers go); a test that made more overrides this and calls it first. */
    @AfterEach
    void closeOracle() throws Exception {
        if (oracle != null) oracle.close();
    }
}
