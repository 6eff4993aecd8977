package dev.minidocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

/** mini-docker's verbs against one store, each a CLI process of its own ({@link CliProcess}). */
record StoreCli(Path root) {
    CliProcess run(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliProcess.run(Map.of(), null, all);
    }

    /** {@link #run}, which must exit 0 (the failure names the verb and what it printed). */
    CliProcess ok(String... args) throws Exception {
        CliProcess r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
        return r;
    }
}
