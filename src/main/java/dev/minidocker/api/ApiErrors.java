package dev.minidocker.api;

import dev.minidocker.InvalidArgumentException;
import dev.minidocker.MiniDockerException;
import dev.minidocker.NotFoundException;

/** Which HTTP status a failure becomes: the same classes of errors Docker's daemon distinguishes. */
final class ApiErrors {
    private ApiErrors() {}

    static int status(Throwable t) {
        if (t instanceof ApiException api) return api.status();
        if (t instanceof NotFoundException) return 404;
        if (t instanceof InvalidArgumentException) return 400;
        if (t instanceof IllegalArgumentException) return 400;
        String m = t.getMessage();
        if (t instanceof MiniDockerException && m != null) {
            // Services below the API say what went wrong in Docker's own words; the words decide.
            if (m.startsWith("No such image") || m.startsWith("No such container")) return 404;
            if (m.startsWith("Conflict") || m.startsWith("conflict")) return 409;
            if (m.startsWith("Container ") && (m.endsWith(" is not running") || m.endsWith(" is already paused")
                    || m.endsWith(" is not paused") || m.endsWith(" is paused"))) return 409;
            if (m.startsWith("Invalid") || m.startsWith("invalid")) return 400;
            if (m.startsWith("configured logging driver does not support")) return 501; // the none driver's logs
        }
        return 500;
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
