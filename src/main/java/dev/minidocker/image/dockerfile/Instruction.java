package dev.minidocker.image.dockerfile;

import java.util.List;

/**
 * One Dockerfile instruction as the parser reads it, before any variable is substituted.
 *
 * @param keyword  upper case ("CMD", "ENV", ...)
 * @param rest     everything after the keyword, leading blanks stripped (the shell form's command)
 * @param args     the arguments: the JSON array's strings ({@code json}), the whitespace-separated
 *                 words (EXPOSE, VOLUME's shell form), or {@code rest} alone (CMD/ENTRYPOINT shell
 *                 form, USER, WORKDIR, STOPSIGNAL); quotes still in place, as Docker's parser keeps them
 * @param json     whether the arguments came as a JSON array (CMD ["a","b"])
 * @param pairs    ENV and LABEL: the key=value pairs (or the legacy single {@code ENV K V} pair), raw
 * @param original the instruction as written
 */
public record Instruction(String keyword, String rest, List<String> args, boolean json, List<KeyValue> pairs,
                          String original) {
    public Instruction {
        args = List.copyOf(args);
        pairs = List.copyOf(pairs);
    }

    /** A raw ENV or LABEL pair; {@code legacy} for the {@code ENV K V} form (the value is the rest of the line). */
    public record KeyValue(String key, String value, boolean legacy) {}
}
