package dev.minidocker.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minidocker.image.ImageReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line for a registry's refusal during a push, with the registry's errors in docker's words
 * ("denied: requested access to the resource is denied", "manifest invalid: ...": code in lower
 * case, then the message, as Go's errcode prints them).
 */
final class PushFailures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PushFailures() {}

    /** Reads (and closes) the response; 401/403 become {@link AccessDeniedException}. */
    static RegistryException of(ImageReference repo, RegistryResponse r, String requestLine) {
        String detail = dockerText(RegistryErrors.drain(r));
        String name = repo.familiarName();
        if (r.status() == 401 || r.status() == 403) {
            return new AccessDeniedException("push to " + name + " denied: "
                    + (detail != null ? detail : RegistryErrors.statusLine(r.status())) + " (see mini-docker login)");
        }
        if (r.status() == 507) {
            return new RegistryException("registry " + repo.registry() + " is out of storage (507 Insufficient Storage) for "
                    + requestLine + (detail != null ? ": " + detail : ""));
        }
        return new RegistryException("registry " + repo.registry() + " answered " + RegistryErrors.statusLine(r.status())
                + " for " + requestLine + (detail != null ? ": " + detail : ""));
    }

    /** "code: message; code: message", or null when the body is no distribution error. */
    static String dockerText(byte[] body) {
        if (body == null || body.length == 0) return null;
        try {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : JSON.readTree(body).path("errors")) {
                String code = e.path("code").asText("").toLowerCase(Locale.ROOT).replace('_', ' ');
                String msg = e.path("message").asText("");
                String detail = e.path("detail").isMissingNode() || e.path("detail").isNull() ? ""
                        : e.path("detail").isTextual() ? e.path("detail").asText() : e.path("detail").toString();
                String text = code.isEmpty() ? msg : msg.isEmpty() ? code : code + ": " + msg;
                if (!detail.isEmpty() && !detail.equals(msg) && detail.length() < 300) text += " (" + detail + ")";
                if (!text.isEmpty()) parts.add(text);
            }
            return parts.isEmpty() ? null : String.join("; ", parts);
        } catch (IOException e) {
            return null;
        }
    }
}
