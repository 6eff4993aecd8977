package dev.minidocker.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235), e.g.
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"}
 * or {@code Basic realm="Registry"}.
 *
 * @param scheme the auth scheme, lower case ({@code bearer}, {@code basic})
 * @param params the auth parameters, names in lower case
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public String param(String name) {
        return params.get(name);
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    /** All challenges in all given header values, in order; malformed trailing text is ignored. */
    public static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String v : headerValues) out.addAll(parse(v));
        return out;
    }

    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> out = new ArrayList<>();
        Cursor c = new Cursor(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            c.skip(" \t,");
            if (c.atEnd()) break;
            String token = c.token();
            if (token.isEmpty()) break; // a character no grammar rule allows here: stop
            c.skip(" \t");
            if (scheme != null && c.peek() == '=') {
                c.next();
                c.skip(" \t");
                params.put(token.toLowerCase(Locale.ROOT), c.peek() == '"' ? c.quoted() : c.token());
            } else {
                if (scheme != null) out.add(new AuthChallenge(scheme, params));
                scheme = token.toLowerCase(Locale.ROOT);
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) out.add(new AuthChallenge(scheme, params));
        return out;
    }

    /** A position in the header text. */
    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return atEnd() ? 0 : s.charAt(i);
        }

        void next() {
            i++;
        }

        void skip(String chars) {
            while (!atEnd() && chars.indexOf(s.charAt(i)) >= 0) i++;
        }

        /** An RFC 7230 token (we also allow '/' so that token68-ish values survive). */
        String token() {
            int start = i;
            while (!atEnd() && " \t,=\"".indexOf(s.charAt(i)) < 0) i++;
            return s.substring(start, i);
        }

        String quoted() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (!atEnd() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) i++;
                b.append(s.charAt(i++));
            }
            i++; // closing quote (or past the end)
            return b.toString();
        }
    }
}
