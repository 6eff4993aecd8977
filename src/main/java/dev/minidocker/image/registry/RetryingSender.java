package dev.minidocker.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Sends one request, retrying what is worth retrying before any body byte was handed out:
 * connection errors and timeouts, 5xx, and 429 (honouring Retry-After). Backoff doubles from the
 * configured initial delay, capped at {@link #MAX_DELAY}.
 */
final class RetryingSender {
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final HttpClient client;
    private final RegistryConfig config;

    RetryingSender(HttpClient client, RegistryConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * @param registry the registry as users name it, for messages
     * @param what     what the body is, for the idle-timeout message ("blob sha256:... from busybox")
     */
    RegistryResponse send(HttpRequest request, String registry, String what) {
        return send(request, registry, what, config.maxRetries() + 1);
    }

    /** As above, with at most {@code attempts} tries (1: no retry). */
    RegistryResponse send(HttpRequest request, String registry, String what, int attempts) {
        String requestLine = request.method() + " " + request.uri().getRawPath();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(request, IdleTimeoutInputStream.handler(config.readTimeout(), what));
            } catch (IOException e) {
                if (attempt >= attempts) throw unreachable(registry, requestLine, e, attempts);
                sleep(backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted during " + requestLine + " on registry " + registry, e);
            }
            RegistryResponse r = new RegistryResponse(resp.statusCode(), resp.headers(), resp.uri(), resp.body());
            if (!retryable(r.status()) || attempts == 1) return r;   // a single try: the caller reads the status
            if (attempt >= attempts) {
                String msg = RegistryErrors.message(RegistryErrors.drain(r));
                throw new RegistryException("registry " + registry + " answered " + RegistryErrors.statusLine(r.status())
                        + " for " + requestLine + " after " + attempts + " attempts" + (msg != null ? ": " + msg : ""));
            }
            Duration delay = r.status() == 429 ? retryAfter(r.header("Retry-After"), attempt) : backoff(attempt);
            r.close();
            sleep(delay);
        }
    }

    /** 507 (Insufficient Storage) is not: a full registry stays full. */
    private static boolean retryable(int status) {
        return status == 429 || (status >= 500 && status != 501 && status != 505 && status != 507);
    }

    private RegistryException unreachable(String registry, String requestLine, IOException e, int attempts) {
        String why = e instanceof HttpTimeoutException && !(e instanceof java.net.http.HttpConnectTimeoutException)
                ? "no answer within " + IdleTimeoutInputStream.format(config.readTimeout())
                : describe(e);
        return new RegistryException("cannot reach registry " + registry + " for " + requestLine + " after "
                + attempts + " attempts: " + why, e);
    }

    /** java.net.http often throws ConnectException without a message: name the cause instead. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = config.initialBackoff().multipliedBy(factor);
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /** Retry-After as delta-seconds or an HTTP date; the backoff when absent or unreadable. */
    Duration retryAfter(String header, int attempt) {
        if (header == null || header.isBlank()) return backoff(attempt);
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                d = Duration.between(ZonedDateTime.now(when.getZone()), when);
            } catch (DateTimeParseException e2) {
                return backoff(attempt);
            }
        }
        if (d.isNegative()) return Duration.ZERO;
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting to retry", e);
        }
    }
}
