package dev.minidocker.image.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole-Dockerfile parsing against what moby's parser makes of the same files. */
class DockerfileParserTest {
    @Test
    void continuationsCommentsAndBlankLinesJoinAsMobyDoes() {
        Dockerfile f = DockerfileParser.parse("""
                # a comment
                FROM busybox
                RUN echo a \\
                # a comment inside the continuation is dropped
                    b \\  \t

                    c
                  env A=1 \\
                      B=2
                """);
        List<Dockerfile.Line> steps = f.stages().get(0).steps();
        assertEquals("RUN", steps.get(0).instruction().keyword());
        assertEquals(List.of("echo a     b     c"), steps.get(0).instruction().args());
        assertEquals(3, steps.get(0).number());
        assertEquals(8, steps.get(1).number());
        assertEquals(2, steps.get(1).instruction().pairs().size());
        assertEquals(3, f.stepCount());
    }

    @Test
    void escapeDirectiveChangesTheContinuationCharacter() {
        Dockerfile f = DockerfileParser.parse("# escape=`\nFROM busybox\nRUN echo \\ `\n  done\n");
        assertEquals('`', f.escape());
        assertEquals(List.of("echo \\   done"), f.stages().get(0).steps().get(0).instruction().args());
    }

    @Test
    void directivesOnlyAtTheTopAndOnlyOnce() {
        // after an instruction, "# escape=`" is a plain comment: the backslash still continues
        Dockerfile f = DockerfileParser.parse("FROM busybox\n# escape=`\nRUN a \\\n b\n");
        assertEquals('\\', f.escape());
        assertEquals(1, f.stages().get(0).steps().size());
        InvalidArgumentException twice = assertThrows(InvalidArgumentException.class,
                () -> DockerfileParser.parse("# escape=`\n# escape=\\\nFROM busybox\n"));
        assertTrue(twice.getMessage().contains("line 2"), twice.getMessage());
        // syntax is a known directive, an unknown one ends the directives (it is a comment)
        assertEquals('`', DockerfileParser.parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM x\n").escape());
        assertEquals('\\', DockerfileParser.parse("# foo=bar\n# escape=`\nFROM x\n").escape());
    }

    @Test
    void argsBeforeFromAndNamedStages() {
        Dockerfile f = DockerfileParser.parse("""
                ARG BASE=busybox
                ARG TAG
                FROM ${BASE}:${TAG:-latest} AS Build
                RUN true
                FROM build
                COPY --from=build /a /b
                """);
        assertEquals(2, f.metaArgs().size());
        assertEquals("build", f.stages().get(0).name());
        assertNull(f.stages().get(1).name());
        assertEquals(f.stages().get(0), f.stage("BUILD"));
        assertEquals(f.stages().get(1), f.stage("1"));
        assertEquals(6, f.stepCount() + f.metaArgs().size());
    }

    @Test
    void errorsNameTheLine() {
        InvalidArgumentException unknown = assertThrows(InvalidArgumentException.class,
                () -> DockerfileParser.parse("FROM busybox\n\nFOO bar\n"));
        assertEquals("dockerfile parse error on line 3: unknown instruction: FOO", unknown.getMessage());
        InvalidArgumentException before = assertThrows(InvalidArgumentException.class,
                () -> DockerfileParser.parse("RUN true\nFROM busybox\n"));
        assertTrue(before.getMessage().startsWith("dockerfile parse error on line 1: no build stage"), before.getMessage());
        InvalidArgumentException env = assertThrows(InvalidArgumentException.class,
                () -> DockerfileParser.parse("FROM x\nENV A=1 B\n"));
        assertTrue(env.getMessage().startsWith("dockerfile parse error on line 2: Syntax error"), env.getMessage());
        assertThrows(InvalidArgumentException.class, () -> DockerfileParser.parse("FROM a AS b c\n"));
        assertThrows(InvalidArgumentException.class, () -> DockerfileParser.parse("FROM a AS x\nFROM b AS X\n"));
        assertThrows(InvalidArgumentException.class, () -> DockerfileParser.parse("# only a comment\n"));
    }

    @Test
    void continuationAtEndOfFileEndsTheInstruction() {
        Dockerfile f = DockerfileParser.parse("FROM x\nRUN echo \\");
        assertEquals(List.of("echo"), f.stages().get(0).steps().get(0).instruction().args());
    }
}
