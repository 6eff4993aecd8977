package dev.minidocker.engine.image;

import dev.minidocker.MiniDockerException;
import java.util.Locale;

/** Docker's {@code --pull}: when {@code run} pulls its image. */
public enum PullPolicy {
    MISSING, ALWAYS, NEVER;

    /** "missing" (also null or empty), "always" or "never", in any case, with Docker's message otherwise. */
    public static PullPolicy parse(String value) {
        if (value == null || value.isEmpty()) return MISSING;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "missing" -> MISSING;
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            default -> throw new MiniDockerException("invalid pull option: '" + value
                    + "': must be one of \"always\", \"missing\" or \"never\"");
        };
    }
}
