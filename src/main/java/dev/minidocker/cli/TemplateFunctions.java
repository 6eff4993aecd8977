package dev.minidocker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.minidocker.MiniDockerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The functions {@link InspectTemplate} knows: Go's builtins people use with inspect, and Docker's extras. */
final class TemplateFunctions {
    private TemplateFunctions() {}

    static JsonNode call(String name, List<JsonNode> args) {
        return switch (name) {
            case "json" -> TextNode.valueOf(one(name, args).toString());
            case "index" -> index(args);
            case "len" -> IntNode.valueOf(one(name, args).size());
            case "eq" -> BooleanNode.valueOf(args.size() >= 2 && args.subList(1, args.size()).stream()
                    .anyMatch(a -> same(args.getFirst(), a)));
            case "ne" -> BooleanNode.valueOf(!same(two(name, args).get(0), args.get(1)));
            case "not" -> BooleanNode.valueOf(!InspectTemplate.truthy(one(name, args)));
            case "and" -> args.stream().filter(a -> !InspectTemplate.truthy(a)).findFirst().orElse(last(name, args));
            case "or" -> args.stream().filter(InspectTemplate::truthy).findFirst().orElse(last(name, args));
            case "lower" -> TextNode.valueOf(one(name, args).asText().toLowerCase(Locale.ROOT));
            case "upper" -> TextNode.valueOf(one(name, args).asText().toUpperCase(Locale.ROOT));
            case "join" -> join(two(name, args));
            case "print" -> TextNode.valueOf(String.join(" ", args.stream().map(InspectTemplate::print).toList()));
            default -> throw new MiniDockerException("template: function \"" + name + "\" not defined");
        };
    }

    /** {@code index M "key"} or {@code index L 0}, any number of steps. */
    private static JsonNode index(List<JsonNode> args) {
        if (args.isEmpty()) throw new MiniDockerException("template: index needs a value");
        JsonNode v = args.getFirst();
        for (JsonNode key : args.subList(1, args.size())) {
            if (v == null || v.isNull()) throw new MiniDockerException("template: index of untyped nil");
            if (v.isArray()) {
                int at = key.asInt();
                if (at < 0 || at >= v.size()) throw new MiniDockerException("template: index out of range: " + at);
                v = v.get(at);
            } else {
                v = v.get(key.asText());
                if (v == null) return NullNode.getInstance(); // Go: a missing map key is the zero value
            }
        }
        return v;
    }

    private static JsonNode join(List<JsonNode> args) {
        List<String> parts = new ArrayList<>();
        for (JsonNode e : args.get(0)) parts.add(e.asText());
        return TextNode.valueOf(String.join(args.get(1).asText(), parts));
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.asLong() == b.asLong();
        if (a.isValueNode() && b.isValueNode()) return a.asText().equals(b.asText()) && a.isTextual() == b.isTextual();
        return a.equals(b);
    }

    private static JsonNode one(String name, List<JsonNode> args) {
        if (args.size() != 1) throw new MiniDockerException("template: wrong number of args for " + name + ": want 1 got " + args.size());
        return args.getFirst();
    }

    private static List<JsonNode> two(String name, List<JsonNode> args) {
        if (args.size() != 2) throw new MiniDockerException("template: wrong number of args for " + name + ": want 2 got " + args.size());
        return args;
    }

    private static JsonNode last(String name, List<JsonNode> args) {
        if (args.isEmpty()) throw new MiniDockerException("template: " + name + " needs arguments");
        return args.getLast();
    }
}
