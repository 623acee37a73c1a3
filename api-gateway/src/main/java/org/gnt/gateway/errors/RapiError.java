package org.gnt.gateway.errors;

import java.util.Map;
import java.util.Objects;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An HTTP error as the RAPI answers it: status, a short message (the reason phrase unless a
 * resource gives a more precise one) and an explanation, sent as Ganeti's error JSON
 * {@code {"code", "message", "explain"}}. Handlers throw or fail with it.
 */
public final class RapiError extends RuntimeException {
    private final int status;
    private final String explain;
    private final Map<String, String> headers;

    public RapiError(int status, String message, String explain, Map<String, String> headers) {
        super(message == null ? reason(status) : message);
        this.status = status;
        this.explain = Objects.requireNonNullElse(explain, "");
        this.headers = Map.copyOf(headers);
    }

    public RapiError(int status, String message, String explain) {
        this(status, message, explain, Map.of());
    }

    public static RapiError badRequest(String explain) {
        return new RapiError(400, null, explain);
    }

    public static RapiError notFound(String explain) {
        return new RapiError(404, null, explain);
    }

    public static RapiError unauthorized(String realm, String explain) {
        return new RapiError(401, null, explain, Map.of("WWW-Authenticate", "Basic realm=\"" + realm + "\""));
    }

    public static RapiError forbidden(String explain) {
        return new RapiError(403, null, explain);
    }

    public static RapiError notImplemented(String explain) {
        return new RapiError(501, null, explain);
    }

    public static RapiError unsupportedMediaType(String explain) {
        return new RapiError(415, null, explain);
    }

    public static RapiError internal(String explain) {
        return new RapiError(500, null, explain);
    }

    public int status() {
        return status;
    }

    public String explain() {
        return explain;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The standard reason phrase of a status, e.g. "Bad Request". */
    public static String reason(int status) {
        return HttpResponseStatus.valueOf(status).reasonPhrase();
    }
}
