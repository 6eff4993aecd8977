package dev.minidocker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.minidocker.MiniDockerException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The part of Go's text/template that {@code inspect -f} users write, over the inspect JSON:
 * {@code {{.A.B}}}, {@code {{json .A}}}, {@code {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}},
 * {@code {{range $p, $b := .NetworkSettings.Ports}}{{$p}} {{(index $b 0).HostPort}}{{end}}},
 * {@code {{if eq .State.Status "running"}}...{{else}}...{{end}}}, {@code {{with ...}}}, pipes
 * ({@code {{.Name | upper}}}) and the functions json, index, len, eq, ne, not, and, or, lower,
 * upper, join, print. Objects and lists print as JSON; null prints as Go's {@code <no value>}.
 */
final class InspectTemplate {
    private final String src;
    private int pos;

    private InspectTemplate(String src) {
        this.src = src;
    }

    /** As the docker CLI's list and events formats, over Go types: a field the object lacks is an error. */
    static String render(String template, JsonNode root) {
        return render(template, root, false);
    }

    /**
     * As docker inspect: a field its Go type lacks is looked up again in the JSON as a map, where
     * a missing key prints {@code <no value>}; ours is JSON already, so a missing key prints that.
     */
    static String renderAllowingMissing(String template, JsonNode root) {
        return render(template, root, true);
    }

    private static String render(String template, JsonNode root, boolean allowMissing) {
        InspectTemplate t = new InspectTemplate(template);
        List<Object> nodes = t.parseUntil(List.of());
        if (t.pos < template.length()) throw new MiniDockerException("template: unexpected {{" + t.pendingAction() + "}}");
        StringBuilder out = new StringBuilder();
        Map<String, JsonNode> vars = new HashMap<>();
        vars.put("$", root);
        execute(nodes, root, vars, allowMissing, out);
        return out.toString();
    }

    // ---- parsing: text, actions and blocks ----

    private record Action(String expr) {}

    private record Block(String kind, List<String> vars, String expr, List<Object> body, List<Object> otherwise) {}

    /** Nodes up to one of {@code stops} ("end", "else"), which is left for the caller to read. */
    private List<Object> parseUntil(List<String> stops) {
        List<Object> nodes = new ArrayList<>();
        while (pos < src.length()) {
            int open = src.indexOf("{{", pos);
            if (open < 0) {
                nodes.add(src.substring(pos));
                pos = src.length();
                break;
            }
            String text = src.substring(pos, open);
            boolean trimLeft = src.startsWith("{{- ", open);
            if (trimLeft) text = text.stripTrailing();
            if (!text.isEmpty()) nodes.add(text);
            int close = src.indexOf("}}", open);
            if (close < 0) throw new MiniDockerException("template: unclosed action in " + src);
            String action = src.substring(open + (trimLeft ? 3 : 2), close).trim();
            boolean trimRight = action.endsWith(" -") || action.equals("-");
            if (trimRight) action = action.substring(0, action.length() - 1).trim();
            String word = action.split("\\s+", 2)[0];
            if (stops.contains(word)) {
                pos = open; // the caller reads the stop action
                return nodes;
            }
            pos = close + 2;
            if (trimRight) while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
            switch (word) {
                case "range", "if", "with" -> nodes.add(block(word, action.substring(word.length()).trim()));
                case "end", "else" -> throw new MiniDockerException("template: unexpected {{" + action + "}}");
                default -> nodes.add(new Action(action));
            }
        }
        if (!stops.isEmpty()) throw new MiniDockerException("template: missing {{end}} in " + src);
        return nodes;
    }

    private Block block(String kind, String header) {
        List<String> vars = new ArrayList<>();
        String expr = header;
        int assign = header.indexOf(":=");
        if (kind.equals("range") && assign > 0) {
            for (String v : header.substring(0, assign).split(",")) vars.add(v.trim());
            expr = header.substring(assign + 2).trim();
        }
        List<Object> body = parseUntil(List.of("end", "else"));
        List<Object> otherwise = List.of();
        if (pendingAction().equals("else")) {
            skipAction();
            otherwise = parseUntil(List.of("end"));
        }
        skipAction(); // {{end}}
        return new Block(kind, vars, expr, body, otherwise);
    }

    /** The action at pos ("{{" or "{{-"), without its trim markers. */
    private String pendingAction() {
        int close = src.indexOf("}}", pos);
        String a = src.substring(pos + 2, close).trim();
        if (a.startsWith("-")) a = a.substring(1);
        if (a.endsWith("-")) a = a.substring(0, a.length() - 1);
        return a.trim();
    }

    private void skipAction() {
        int close = src.indexOf("}}", pos);
        boolean trimRight = src.substring(pos, close).stripTrailing().endsWith("-");
        pos = close + 2;
        if (trimRight) while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
    }

    // ---- execution ----

    /** {@code allowMissing}: Go's missingkey=default, a key the JSON lacks is {@code <no value>} (else an error). */
    private static void execute(List<Object> nodes, JsonNode dot, Map<String, JsonNode> vars, boolean allowMissing,
                                StringBuilder out) {
        for (Object n : nodes) {
            switch (n) {
                case String text -> out.append(text);
                case Action a -> out.append(print(new Expression(a.expr(), dot, vars, allowMissing).pipeline()));
                case Block b -> executeBlock(b, dot, vars, allowMissing, out);
                default -> throw new IllegalStateException(n.toString());
            }
        }
    }

    private static void executeBlock(Block b, JsonNode dot, Map<String, JsonNode> vars, boolean allowMissing,
                                     StringBuilder out) {
        JsonNode value = new Expression(b.expr(), dot, vars, allowMissing).pipeline();
        if (!truthy(value)) {
            execute(b.otherwise(), dot, vars, allowMissing, out);
            return;
        }
        switch (b.kind()) {
            case "if" -> execute(b.body(), dot, vars, allowMissing, out);
            case "with" -> execute(b.body(), value, vars, allowMissing, out);
            default -> {
                Iterator<String> keys = value.isObject() ? value.fieldNames() : null;
                int i = 0;
                for (JsonNode element : value) {
                    Map<String, JsonNode> scope = new HashMap<>(vars);
                    JsonNode key = keys != null ? TextNode.valueOf(keys.next()) : IntNode.valueOf(i++);
                    if (b.vars().size() == 1) scope.put(b.vars().get(0), element);
                    if (b.vars().size() == 2) {
                        scope.put(b.vars().get(0), key);
                        scope.put(b.vars().get(1), element);
                    }
                    execute(b.body(), element, scope, allowMissing, out);
                }
            }
        }
    }

    static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return false;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) return v.doubleValue() != 0;
        if (v.isTextual()) return !v.textValue().isEmpty();
        return v.size() > 0;
    }

    static String print(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "<no value>";
        return goValue(v);
    }

    /**
     * A value as Go's fmt prints it, which is what docker's templates show: a list as
     * {@code [a b c]}, a map as {@code map[k:v ...]} with its keys sorted ({{.Config.Cmd}},
     * {{.Config.Labels}}); {{json .X}} is the way to JSON.
     */
    static String goValue(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "<nil>";
        if (v.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (JsonNode e : v) b.append(b.length() > 1 ? " " : "").append(goValue(e));
            return b.append(']').toString();
        }
        if (v.isObject()) {
            java.util.List<String> keys = new java.util.ArrayList<>();
            v.fieldNames().forEachRemaining(keys::add);
            java.util.Collections.sort(keys);
            StringBuilder b = new StringBuilder("map[");
            for (String k : keys) b.append(b.length() > 4 ? " " : "").append(k).append(':').append(goValue(v.get(k)));
            return b.append(']').toString();
        }
        return v.asText();
    }

    /** One pipeline's text, evaluated against dot and the variables in scope. */
    private static final class Expression {
        private final String s;
        private final JsonNode dot;
        private final Map<String, JsonNode> vars;
        private final boolean allowMissing;
        private int i;

        Expression(String s, JsonNode dot, Map<String, JsonNode> vars, boolean allowMissing) {
            this.s = s;
            this.dot = dot;
            this.vars = vars;
            this.allowMissing = allowMissing;
        }

        JsonNode pipeline() {
            JsonNode v = command(null);
            skipSpace();
            while (i < s.length() && s.charAt(i) == '|') {
                i++;
                v = command(v);
                skipSpace();
            }
            if (i < s.length() && s.charAt(i) != ')') throw new MiniDockerException("template: unexpected \"" + s.substring(i) + "\"");
            return v;
        }

        /** A term, or a function and its arguments ({@code piped} appended last, as in Go). */
        private JsonNode command(JsonNode piped) {
            skipSpace();
            int start = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) i++;
            String name = s.substring(start, i);
            if (name.isEmpty() || name.equals("true") || name.equals("false")) {
                i = start;
                return term();
            }
            List<JsonNode> args = new ArrayList<>();
            for (skipSpace(); i < s.length() && s.charAt(i) != '|' && s.charAt(i) != ')'; skipSpace()) args.add(term());
            if (piped != null) args.add(piped);
            return TemplateFunctions.call(name, args);
        }

        private JsonNode term() {
            skipSpace();
            if (i >= s.length()) throw new MiniDockerException("template: missing value in \"" + s + "\"");
            char c = s.charAt(i);
            JsonNode v;
            if (c == '(') {
                i++;
                v = pipeline();
                if (i >= s.length() || s.charAt(i) != ')') throw new MiniDockerException("template: unclosed ( in \"" + s + "\"");
                i++;
                return fields(v);
            } else if (c == '"' || c == '`') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) throw new MiniDockerException("template: unterminated string in \"" + s + "\"");
                v = TextNode.valueOf(s.substring(i + 1, end).replace("\\\"", "\""));
                i = end + 1;
                return v;
            } else if (c == '$') {
                int start = i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                String name = s.substring(start, i);
                if (!vars.containsKey(name)) throw new MiniDockerException("template: undefined variable: " + name);
                return fields(vars.get(name));
            } else if (c == '.') {
                return fields(dot);
            } else if (Character.isDigit(c) || c == '-') {
                int start = i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                return IntNode.valueOf(Integer.parseInt(s.substring(start, i)));
            } else if (s.startsWith("true", i) || s.startsWith("false", i)) {
                boolean b = s.startsWith("true", i);
                i += b ? 4 : 5;
                return BooleanNode.valueOf(b);
            }
            throw new MiniDockerException("template: unexpected \"" + s.substring(i) + "\"");
        }

        /**
         * {@code .A.B} after a value; a lone "." is the value itself. A key the object lacks cannot
         * be evaluated, or, {@link #renderAllowingMissing allowing missing} ones, is {@code <no value>}
         * (a field of it, or of a non-object, still cannot).
         */
        private JsonNode fields(JsonNode v) {
            String path = "";
            while (i < s.length() && s.charAt(i) == '.') {
                int start = ++i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                String key = s.substring(start, i);
                if (key.isEmpty()) continue;
                path += "." + key;
                JsonNode next = v != null && v.isObject() ? v.get(key) : null;
                boolean more = i < s.length() && s.charAt(i) == '.';
                if (next == null && (v == null || !v.isObject() || more || !allowMissing)) {
                    String rest = more ? s.substring(i).split("[^.\\w]")[0] : "";
                    throw new MiniDockerException("template: can't evaluate field " + path + rest);
                }
                v = next != null ? next : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            return v == null ? NullNode.getInstance() : v;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
    }
}
