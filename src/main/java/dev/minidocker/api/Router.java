package dev.minidocker.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps method + path to a handler. Patterns name their parameters: {@code /containers/{id}/json};
 * {@code {name*}} also matches slashes, for image names like {@code 127.0.0.1:5000/team/app:1}
 * ({@code /images/{name*}/json}). Routes are tried in the order they were added.
 */
public final class Router {
    private record Route(String method, String template, Pattern pattern, List<String> names, BodyLimit bodyLimit,
                         Handler handler) {}

    /** One registration as written: {@code GET /containers/{id}/json}. */
    public record Registration(String method, String pattern) {}

    /**
     * A route found for a request, with its decoded path parameters and its body limit (null:
     * the server's default, a small buffered body).
     */
    public record Match(Handler handler, Map<String, String> params, BodyLimit bodyLimit) {}

    private final List<Route> routes = new ArrayList<>();

    public Router get(String pattern, Handler handler) {
        return add("GET", pattern, handler);
    }

    public Router post(String pattern, Handler handler) {
        return add("POST", pattern, handler);
    }

    public Router delete(String pattern, Handler handler) {
        return add("DELETE", pattern, handler);
    }

    public Router head(String pattern, Handler handler) {
        return add("HEAD", pattern, handler);
    }

    /** A POST whose body has its own limit (larger JSON, or a stream the handler reads itself). */
    public Router post(String pattern, BodyLimit bodyLimit, Handler handler) {
        return add("POST", pattern, bodyLimit, handler);
    }

    public Router add(String method, String pattern, Handler handler) {
        return add(method, pattern, null, handler);
    }

    public Router add(String method, String pattern, BodyLimit bodyLimit, Handler handler) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\{(\\w+)(\\*?)}").matcher(pattern);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        routes.add(new Route(method, pattern, Pattern.compile(regex.toString()), names, bodyLimit, handler));
        return this;
    }

    /** Every registration in the order added (README's endpoint table is rendered from these). */
    public List<Registration> registrations() {
        List<Registration> out = new ArrayList<>();
        for (Route r : routes) out.add(new Registration(r.method(), r.template()));
        return out;
    }

    /**
     * The handler for this request. Throws 404 when no route has the path, 405 when routes have it
     * for other methods only (Docker's daemon answers the same way).
     */
    public Match match(String method, String path) {
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) continue;
            pathKnown = true;
            if (!r.method().equals(method)) continue;
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < r.names().size(); i++) {
                params.put(r.names().get(i), RequestParser.decode(m.group(i + 1), false));
            }
            return new Match(r.handler(), params, r.bodyLimit());
        }
        if (pathKnown) throw new ApiException(405, "method " + method + " not allowed for " + path);
        throw ApiException.notFound("page not found");
    }
}
