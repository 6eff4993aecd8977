package dev.minidocker.image.dockerfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minidocker.InvalidArgumentException;
import dev.minidocker.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parser of one Dockerfile instruction (one logical line: continuations already joined, no
 * comment), as moby's builder/dockerfile/parser splits it: the keyword, then per instruction
 * either "maybe JSON" (CMD, ENTRYPOINT, RUN, SHELL: a JSON array of strings, else the shell form as
 * one string), "maybe JSON, else words" (VOLUME, and ADD/COPY), whitespace-separated words that keep
 * their quotes (EXPOSE, ARG...), key=value pairs with the legacy {@code ENV K V} form (ENV, LABEL),
 * or the rest as one string (USER, WORKDIR, STOPSIGNAL, ...). Quote removal and variable
 * substitution happen later, per instruction, in {@link WordExpander}, as Docker's dispatch does.
 *
 * <p>{@code docker build} will feed it each logical line of a Dockerfile; {@code commit --change}
 * and {@code import --change} feed it one instruction each.
 */
public final class InstructionParser {
    /** Every instruction Docker knows (so an unknown one fails the way Docker's does). */
    public static final Set<String> KNOWN = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
            "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");
    private static final Set<String> MAYBE_JSON = Set.of("CMD", "ENTRYPOINT", "RUN", "SHELL");
    private static final Set<String> JSON_OR_WORDS = Set.of("VOLUME", "ADD", "COPY");
    private static final Set<String> WORDS = Set.of("EXPOSE", "ARG", "FROM");
    private static final Set<String> PAIRS = Set.of("ENV", "LABEL");

    private final char escape;

    /** Docker's default escape character, the backslash. */
    public InstructionParser() {
        this('\\');
    }

    /** With the {@code # escape=} directive's character ('\\' or '`'). */
    public InstructionParser(char escape) {
        this.escape = escape;
    }

    public Instruction parse(String line) {
        String trimmed = line.strip();
        int end = 0;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) end++;
        String keyword = trimmed.substring(0, end).toUpperCase(Locale.ROOT);
        if (keyword.isEmpty()) throw new InvalidArgumentException("file with no instructions");
        if (!KNOWN.contains(keyword)) throw new InvalidArgumentException("unknown instruction: " + keyword);
        String rest = trimmed.substring(end).stripLeading();
        if (MAYBE_JSON.contains(keyword)) {
            List<String> json = jsonArray(rest);
            if (json != null) return new Instruction(keyword, rest, json, true, List.of(), line);
            return new Instruction(keyword, rest, rest.isEmpty() ? List.of() : List.of(rest), false, List.of(), line);
        }
        if (JSON_OR_WORDS.contains(keyword)) {
            List<String> json = jsonArray(rest);
            if (json != null) return new Instruction(keyword, rest, json, true, List.of(), line);
            return new Instruction(keyword, rest, words(rest), false, List.of(), line);
        }
        if (WORDS.contains(keyword)) return new Instruction(keyword, rest, words(rest), false, List.of(), line);
        if (PAIRS.contains(keyword)) return new Instruction(keyword, rest, List.of(), false, pairs(keyword, rest), line);
        return new Instruction(keyword, rest, rest.isEmpty() ? List.of() : List.of(rest), false, List.of(), line);
    }

    /** A JSON array of strings, or null when {@code rest} is not one (then it is the shell form). */
    static List<String> jsonArray(String rest) {
        if (!rest.startsWith("[")) return null;
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(rest);
        } catch (Exception notJson) {
            return null;
        }
        if (node == null || !node.isArray()) return null;
        List<String> out = new ArrayList<>();
        for (JsonNode e : node) {
            if (!e.isTextual()) return null;
            out.add(e.asText());
        }
        return out;
    }

    /**
     * moby's parseWords: whitespace-separated words, quotes and escapes kept in the word but
     * protecting the blanks inside them; an escape at the very end is dropped.
     */
    List<String> words(String rest) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        char quote = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (quote != 0) {
                char open = quote;
                if (c == quote) quote = 0;
                if (c == escape && open != '\'') { // nothing escapes inside '...'
                    if (i + 1 == rest.length()) continue;
                    word.append(c);
                    c = rest.charAt(++i);
                }
                word.append(c);
                continue;
            }
            if (!inWord) {
                if (Character.isWhitespace(c)) continue;
                inWord = true;
            }
            if (Character.isWhitespace(c)) {
                if (blankOk || !word.isEmpty()) words.add(word.toString());
                word.setLength(0);
                blankOk = false;
                inWord = false;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                blankOk = true;
            }
            if (c == escape) {
                if (i + 1 == rest.length()) continue;
                word.append(c);
                c = rest.charAt(++i);
            }
            word.append(c);
        }
        if (inWord && (blankOk || !word.isEmpty())) words.add(word.toString());
        return words;
    }

    /** moby's parseNameVal: "K=V ..." pairs, or the legacy "K V" form when the first word has no '='. */
    private List<Instruction.KeyValue> pairs(String keyword, String rest) {
        List<String> words = words(rest);
        if (words.isEmpty()) throw new InvalidArgumentException(keyword + " requires at least one argument");
        List<Instruction.KeyValue> out = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            String[] parts = rest.split("\\s+", 2);
            if (parts.length < 2) throw new InvalidArgumentException(keyword + " must have two arguments");
            out.add(new Instruction.KeyValue(parts[0], parts[1], true));
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw new InvalidArgumentException("Syntax error - can't find = in \"" + w
                        + "\". Must be of the form: name=value");
            }
            out.add(new Instruction.KeyValue(w.substring(0, eq), w.substring(eq + 1), false));
        }
        return out;
    }
}
