package dev.minidocker.image.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}, with moby's patternmatcher rules: one pattern a line, {@code #} lines
 * and blank lines skipped, surrounding blanks trimmed, paths cleaned and relative to the context
 * ("/a" is "a"); {@code *} and {@code ?} never cross a '/', {@code **} matches any number of
 * directories (none included), {@code [...]} a character class, {@code \} escapes; a leading
 * {@code !} re-includes. A path is excluded when the LAST pattern matching it, or one of its
 * parent directories, is not a {@code !} one.
 */
public final class DockerIgnore {
    private record Rule(Pattern regex, boolean exception, String text) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\\r?\\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            boolean exception = line.startsWith("!");
            if (exception) line = line.substring(1).strip();
            String clean = clean(line);
            if (clean.isEmpty()) continue;
            rules.add(new Rule(Pattern.compile(regex(clean)), exception, clean));
        }
        return new DockerIgnore(rules);
    }

    /** Whether any {@code !} rule exists (then an excluded directory must still be walked). */
    public boolean hasExceptions() {
        for (Rule r : rules) if (r.exception()) return true;
        return false;
    }

    /** {@code path}: relative to the context, '/'-separated. */
    public boolean excluded(String path) {
        String p = clean(path);
        if (p.isEmpty()) return false;
        boolean excluded = false;
        for (Rule r : rules) {
            if (excluded == !r.exception()) continue; // cannot change the outcome
            if (matchesOrParentMatches(r.regex(), p)) excluded = !r.exception();
        }
        return excluded;
    }

    private static boolean matchesOrParentMatches(Pattern regex, String path) {
        if (regex.matcher(path).matches()) return true;
        int slash = path.lastIndexOf('/');
        while (slash > 0) {
            path = path.substring(0, slash);
            if (regex.matcher(path).matches()) return true;
            slash = path.lastIndexOf('/');
        }
        return false;
    }

    /** filepath.Clean, made relative: no leading '/', no "." or empty parts, ".." resolved. */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** patternmatcher's translation of a pattern into a regular expression. */
    static String regex(String pattern) {
        StringBuilder re = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') i++;
                    if (i + 1 >= pattern.length()) re.append(".*");
                    else re.append("(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[') {
                int close = pattern.indexOf(']', i + 1);
                if (close < 0) {
                    re.append("\\[");
                } else {
                    String body = pattern.substring(i + 1, close);
                    if (body.startsWith("!")) body = "^" + body.substring(1);
                    re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = close;
                }
            } else if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.append('$').toString();
    }

    @Override
    public String toString() {
        return rules.stream().map(r -> (r.exception() ? "!" : "") + r.text()).toList().toString();
    }
}
