package dev.minidocker.api;

import dev.minidocker.MiniDockerException;

/**
 * A failure with the HTTP status Docker would answer with (400 bad parameter, 404 no such object,
 * 409 conflict, 500 anything else). The server turns it into {@code {"message": "..."}}.
 */
public class ApiException extends MiniDockerException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
