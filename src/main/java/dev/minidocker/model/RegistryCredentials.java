package dev.minidocker.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a registry login yields: a user name and password (or personal access token), or an
 * identity token (an OAuth2 refresh token, which credential helpers hand out under the user name
 * {@code <token>} and config.json keeps as {@code identitytoken}). {@link #toString()} never shows
 * a secret.
 *
 * @param identityToken the refresh token for the registry's token service, or null
 */
public record RegistryCredentials(String username, String password, String identityToken) {
    /** The user name credential helpers use to say "the secret is an identity token". */
    public static final String TOKEN_USERNAME = "<token>";

    public RegistryCredentials(String username, String password) {
        this(username, password, null);
    }

    /** Credentials that are only an identity token (docker's {@code <token>} convention). */
    public static RegistryCredentials ofIdentityToken(String token) {
        return new RegistryCredentials("", "", token);
    }

    public boolean hasIdentityToken() {
        return identityToken != null && !identityToken.isEmpty();
    }

    /** A user name and password to send as HTTP Basic (an identity token alone is not one). */
    public boolean hasPassword() {
        return username != null && !username.isEmpty() && password != null;
    }

    /** The value of an HTTP {@code Authorization: Basic ...} header. */
    public String basicAuthorization() {
        return "Basic " + encode();
    }

    /** base64("user:password"), the "auth" field of config.json. */
    public String encode() {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes config.json's "auth" field; null when it is malformed. */
    public static RegistryCredentials decode(String auth) {
        try {
            String s = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return colon <= 0 ? null : new RegistryCredentials(s.substring(0, colon), s.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=<hidden>"
                + (identityToken != null ? ", identityToken=<hidden>" : "") + "]";
    }
}
