package dev.minidocker.image.dockerfile;

import dev.minidocker.InvalidArgumentException;
import java.util.function.Function;

/**
 * Docker's shell-word processing of an instruction's argument (moby's shell lexer, ProcessWord):
 * quote removal ('...' literal, "..." with \ escaping $ " and \ only), the escape character
 * outside quotes, and variable substitution: $NAME, ${NAME}, ${NAME:-default}, ${NAME:+alternative}
 * ('$' before anything else stays a '$'; a variable not set is empty). Inside single quotes
 * nothing is substituted. No word splitting: the result is one string.
 */
public final class WordExpander {
    private final char escape;
    private final Function<String, String> variables;

    /** @param variables a variable's value, or null when it is not set */
    public WordExpander(char escape, Function<String, String> variables) {
        this.escape = escape;
        this.variables = variables;
    }

    public String process(String word) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c == '\'') {
                int end = word.indexOf('\'', i + 1);
                if (end < 0) throw new InvalidArgumentException("unexpected end of statement while looking for matching single-quote");
                out.append(word, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(word, i + 1, out);
            } else if (c == escape) {
                if (i + 1 < word.length()) out.append(word.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = variable(word, i + 1, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private int doubleQuoted(String word, int i, StringBuilder out) {
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c == '"') return i + 1;
            if (c == '$') {
                i = variable(word, i + 1, out);
                continue;
            }
            if (c == escape && i + 1 < word.length()) {
                char next = word.charAt(i + 1);
                if (next != '$' && next != '"' && next != escape) out.append(c);
                out.append(next);
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        throw new InvalidArgumentException("unexpected end of statement while looking for matching double-quote");
    }

    /** After a '$' at {@code i}: substitutes a variable and returns where the word goes on. */
    private int variable(String word, int i, StringBuilder out) {
        if (i < word.length() && word.charAt(i) == '{') {
            int close = word.indexOf('}', i);
            if (close < 0) throw new InvalidArgumentException("missing '}' in '" + word + "'");
            String body = word.substring(i + 1, close);
            int op = body.indexOf(':');
            String name = op < 0 ? body : body.substring(0, op);
            if (!validName(name)) throw new InvalidArgumentException("bad substitution: '${" + body + "}'");
            String value = variables.apply(name);
            if (op < 0) {
                if (value != null) out.append(value);
            } else {
                String modifier = body.substring(op + 1);
                if (modifier.isEmpty()) throw new InvalidArgumentException("bad substitution: '${" + body + "}'");
                String operand = process(modifier.substring(1));
                switch (modifier.charAt(0)) {
                    case '-' -> out.append(value == null || value.isEmpty() ? operand : value);
                    case '+' -> out.append(value == null || value.isEmpty() ? "" : operand);
                    case '?' -> {
                        if (value == null || value.isEmpty()) {
                            throw new InvalidArgumentException(name + ": " + (operand.isEmpty() ? "is not allowed to be unset" : operand));
                        }
                        out.append(value);
                    }
                    default -> throw new InvalidArgumentException("unsupported modifier (" + modifier.charAt(0)
                            + ") in substitution");
                }
            }
            return close + 1;
        }
        int end = i;
        while (end < word.length() && (Character.isLetterOrDigit(word.charAt(end)) || word.charAt(end) == '_')) end++;
        if (end == i) {
            out.append('$');
            return i;
        }
        String value = variables.apply(word.substring(i, end));
        if (value != null) out.append(value);
        return end;
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (!Character.isLetterOrDigit(c) && c != '_') return false;
        }
        return true;
    }
}
