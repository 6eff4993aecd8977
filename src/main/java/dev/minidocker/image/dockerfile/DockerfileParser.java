package dev.minidocker.image.dockerfile;

import dev.minidocker.InvalidArgumentException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole Dockerfile, as moby's builder/dockerfile/parser reads it: parser directives first
 * ({@code # escape=}, {@code # syntax=}; only before any other line, each at most once, unknown
 * ones are comments), then logical lines: leading blanks dropped, comment lines skipped (also in
 * the middle of a continuation), a line ending with the escape character (blanks may follow it)
 * continues on the next, empty continuation lines skipped. Each logical line goes to
 * {@link InstructionParser}; errors name the line the instruction starts on, as Docker's
 * "dockerfile parse error on line N". Then the instructions are grouped into stages at each FROM.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
    private static final Set<String> DIRECTIVES = Set.of("escape", "syntax", "check");

    private DockerfileParser() {
    }

    public static Dockerfile parse(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        char escape = '\\';
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (; i < lines.length; i++) {
            Matcher m = DIRECTIVE.matcher(lines[i]);
            if (!m.matches()) break;
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (!DIRECTIVES.contains(name)) break; // an unknown directive is a comment, and ends the directives
            if (!seen.add(name)) throw error(i + 1, "only one " + name + " parser directive can be used");
            if (name.equals("escape")) {
                String v = m.group(2);
                if (!v.equals("\\") && !v.equals("`")) throw error(i + 1, "invalid escape token '" + v + "' does not match ` or \\");
                escape = v.charAt(0);
            }
        }
        InstructionParser parser = new InstructionParser(escape);
        List<Dockerfile.Line> all = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        int start = -1;
        for (; i < lines.length; i++) {
            String trimmed = lines[i].stripLeading();
            if (trimmed.startsWith("#")) continue;
            if (trimmed.isEmpty()) continue; // blank lines, also inside a continuation (docker warns, we accept)
            // the first line of an instruction loses its indentation, continuation lines keep theirs
            String line = start < 0 ? trimmed : lines[i];
            if (start < 0) start = i + 1;
            String body = continued(line, escape);
            if (body != null) {
                logical.append(body);
                continue;
            }
            logical.append(line);
            all.add(instruction(parser, start, logical.toString()));
            logical.setLength(0);
            start = -1;
        }
        if (start >= 0 && !logical.toString().isBlank()) all.add(instruction(parser, start, logical.toString()));
        return group(escape, all);
    }

    /** The line without its trailing escape (and the blanks after it), or null when it does not continue. */
    static String continued(String line, char escape) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) end--;
        if (end == 0 || line.charAt(end - 1) != escape) return null;
        // an escaped escape at the end ("\\\\") still continues in moby: its regex only looks at the last one
        return line.substring(0, end - 1);
    }

    private static Dockerfile.Line instruction(InstructionParser parser, int lineNumber, String text) {
        try {
            Instruction in = parser.parse(text);
            return new Dockerfile.Line(lineNumber, in);
        } catch (InvalidArgumentException e) {
            throw error(lineNumber, e.getMessage());
        }
    }

    private static Dockerfile group(char escape, List<Dockerfile.Line> all) {
        if (all.isEmpty()) throw new InvalidArgumentException("the Dockerfile (Dockerfile) cannot be empty");
        List<Dockerfile.Line> meta = new ArrayList<>();
        List<Dockerfile.Stage> stages = new ArrayList<>();
        Dockerfile.Line from = null;
        String name = null;
        List<Dockerfile.Line> steps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Dockerfile.Line l : all) {
            String k = l.instruction().keyword();
            if (k.equals("FROM")) {
                if (from != null) stages.add(new Dockerfile.Stage(stages.size(), name, from, steps));
                from = l;
                name = stageName(l);
                if (name != null && !names.add(name)) throw error(l.number(), "duplicate stage name \"" + name + "\"");
                steps = new ArrayList<>();
            } else if (from == null) {
                if (!k.equals("ARG")) throw error(l.number(), "no build stage in current context: "
                        + k + " before the first FROM (only ARG may come before it)");
                meta.add(l);
            } else {
                steps.add(l);
            }
        }
        if (from == null) throw new InvalidArgumentException("no build stage in current context: the Dockerfile has no FROM");
        stages.add(new Dockerfile.Stage(stages.size(), name, from, steps));
        return new Dockerfile(escape, meta, stages);
    }

    /** FROM [--platform=P] image [AS name]: the name, lower-cased, or null. */
    private static String stageName(Dockerfile.Line l) {
        List<String> words = new ArrayList<>();
        for (String w : l.instruction().args()) if (!w.startsWith("--")) words.add(w);
        if (words.size() == 1) return null;
        if (words.size() == 3 && words.get(1).equalsIgnoreCase("AS")) {
            String name = words.get(2).toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z][a-z0-9_.-]*")) {
                throw error(l.number(), "invalid name for build stage: \"" + words.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
            return name;
        }
        if (words.isEmpty()) throw error(l.number(), "FROM requires either one or three arguments");
        throw error(l.number(), "FROM requires either one or three arguments");
    }

    private static InvalidArgumentException error(int line, String message) {
        return new InvalidArgumentException("dockerfile parse error on line " + line + ": " + message);
    }
}
