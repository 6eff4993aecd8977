package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code VERB --help} prints the verb's usage and exits 0 for every verb, fast paths included. */
class VerbHelpTest {
    @Test
    void everyVerbHasItsHelp() {
        List<String> broken = new ArrayList<>();
        for (String verb : Picocli.verbs()) {
            if (verb.equals("help")) continue;
            CliCall call = CliCall.run(verb, "--help");
            if (call.code() != 0 || !call.out().startsWith("Usage: mini-docker " + verb)) {
                broken.add(verb + " (" + call.code() + ": " + call.err().strip() + ")");
            }
        }
        assertEquals(List.of(), broken);
    }
}
