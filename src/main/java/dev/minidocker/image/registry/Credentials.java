package dev.minidocker.image.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry user name and password (or token). {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {

    /** The value of an HTTP {@code Authorization: Basic ...} header. */
    public String basicAuthorization() {
        return "Basic " + encode();
    }

    /** base64("user:password"), the "auth" field of config.json. */
    public String encode() {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes config.json's "auth" field; null when it is malformed. */
    static Credentials decode(String auth) {
        try {
            String s = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return colon <= 0 ? null : new Credentials(s.substring(0, colon), s.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=<hidden>]";
    }
}
