package dev.minidocker.image.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.minidocker.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-instruction parser against what moby's parser makes of the same lines. */
class InstructionParserTest {
    private final InstructionParser parser = new InstructionParser();

    @Test
    void jsonFormIsAnArrayOfStringsElseTheShellForm() {
        Instruction json = parser.parse("CMD [\"echo\", \"a b\"]");
        assertTrue(json.json());
        assertEquals(List.of("echo", "a b"), json.args());
        Instruction shell = parser.parse("cmd   echo \"a  b\" $HOME");
        assertEquals("CMD", shell.keyword());
        assertFalse(shell.json());
        assertEquals(List.of("echo \"a  b\" $HOME"), shell.args());
        // not valid JSON, or not all strings: moby falls back to the shell form
        assertEquals(List.of("[echo, hi]"), parser.parse("ENTRYPOINT [echo, hi]").args());
        assertFalse(parser.parse("CMD [\"a\", 1]").json());
    }

    @Test
    void wordsKeepTheirQuotesButQuotesProtectBlanks() {
        assertEquals(List.of("80", "\"90 91\"", "a\\ b"), parser.parse("EXPOSE 80 \"90 91\" a\\ b").args());
        assertEquals(List.of("/a", "/b"), parser.parse("VOLUME /a   /b").args());
        Instruction volJson = parser.parse("VOLUME [\"/x y\"]");
        assertTrue(volJson.json());
        assertEquals(List.of("/x y"), volJson.args());
    }

    @Test
    void envPairsAndTheLegacyForm() {
        List<Instruction.KeyValue> pairs = parser.parse("ENV A=1 B=\"two words\" C=three\\ words").pairs();
        assertEquals(List.of(new Instruction.KeyValue("A", "1", false),
                new Instruction.KeyValue("B", "\"two words\"", false),
                new Instruction.KeyValue("C", "three\\ words", false)), pairs);
        assertEquals(List.of(new Instruction.KeyValue("K", "v with  spaces", true)),
                parser.parse("ENV K v with  spaces").pairs());
        assertEquals("ENV must have two arguments",
                assertThrows(InvalidArgumentException.class, () -> parser.parse("ENV K")).getMessage());
        assertEquals("Syntax error - can't find = in \"B\". Must be of the form: name=value",
                assertThrows(InvalidArgumentException.class, () -> parser.parse("ENV A=1 B")).getMessage());
        assertEquals("unknown instruction: FOO",
                assertThrows(InvalidArgumentException.class, () -> parser.parse("foo bar")).getMessage());
    }

    @Test
    void theBacktickEscapeDirective() {
        InstructionParser backtick = new InstructionParser('`');
        assertEquals(List.of("a``", "b", "c\\d"), backtick.parse("EXPOSE a`` b c\\d").args());
    }

    @Test
    void wordExpansionRemovesQuotesAndSubstitutes() {
        WordExpander x = new WordExpander('\\', n -> switch (n) {
            case "HOME" -> "/root";
            case "EMPTY" -> "";
            default -> null;
        });
        assertEquals("two words", x.process("\"two words\""));
        assertEquals("three words", x.process("three\\ words"));
        assertEquals("$HOME", x.process("'$HOME'"));
        assertEquals("/root/bin:/root", x.process("${HOME}/bin:$HOME"));
        assertEquals("dflt|alt|", x.process("${EMPTY:-dflt}|${HOME:+alt}|$UNSET"));
        assertEquals("a\\b \"q\" $", x.process("\"a\\b \\\"q\\\" \\$\""));
        assertEquals("cost: $ 5", x.process("cost:\\ $\\ 5"));
        assertThrows(InvalidArgumentException.class, () -> x.process("\"open"));
    }
}
