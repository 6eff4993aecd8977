package dev.minidocker.image.dockerfile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** .dockerignore matching with moby/patternmatcher's rules. */
class DockerIgnoreTest {
    @Test
    void starsStayInOneDirectoryDoubleStarsCrossThem() {
        DockerIgnore i = DockerIgnore.parse("*.log\n**/*.tmp\ndocs/**\n");
        assertTrue(i.excluded("a.log"));
        assertFalse(i.excluded("sub/a.log"));
        assertTrue(i.excluded("x.tmp"));
        assertTrue(i.excluded("a/b/c/x.tmp"));
        assertTrue(i.excluded("docs/a/b"));
        assertFalse(i.excluded("docs"));
    }

    @Test
    void aMatchingParentExcludesEverythingBelow() {
        DockerIgnore i = DockerIgnore.parse("# comment\n\n  /node_modules  \nbuild/\n");
        assertTrue(i.excluded("node_modules"));
        assertTrue(i.excluded("node_modules/x/y.js"));
        assertTrue(i.excluded("build/out.o"));
        assertFalse(i.excluded("src/node_modules.txt"));
    }

    @Test
    void theLastMatchWinsAndExceptionsReinclude() {
        DockerIgnore i = DockerIgnore.parse("*.md\n!README.md\nREADME-secret.md\n");
        assertTrue(i.excluded("CHANGES.md"));
        assertFalse(i.excluded("README.md"));
        assertTrue(i.excluded("README-secret.md"));
        assertTrue(i.hasExceptions());
        DockerIgnore dir = DockerIgnore.parse("data\n!data/keep\n");
        assertTrue(dir.excluded("data/drop"));
        assertFalse(dir.excluded("data/keep"));
        assertTrue(dir.excluded("data"));
    }

    @Test
    void questionMarksClassesAndEscapes() {
        DockerIgnore i = DockerIgnore.parse("file?.txt\n[ab].c\n[!x]y\nstar\\*\n");
        assertTrue(i.excluded("file1.txt"));
        assertFalse(i.excluded("file12.txt"));
        assertTrue(i.excluded("a.c"));
        assertFalse(i.excluded("c.c"));
        assertTrue(i.excluded("zy"));
        assertFalse(i.excluded("xy"));
        assertTrue(i.excluded("star*"));
        assertFalse(i.excluded("starry"));
        assertFalse(DockerIgnore.NONE.excluded("anything"));
    }
}
