package io.memoryd.daemon.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the hook gateway sends back for one request.
 *
 * @param status      the HTTP status code
 * @param contentType the body's media type, or null for an empty body
 * @param body        the body bytes, possibly empty
 * @param headers     extra headers (e.g. {@code Allow} on a 405)
 */
public record HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {

    private static final String JSON = "application/json; charset=utf-8";

    /** A JSON body. */
    public static HttpAnswer json(int status, String json) {
        return new HttpAnswer(status, JSON, (json.endsWith("\n") ? json : json + "\n").getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    /** A plain-text (Markdown) body. */
    public static HttpAnswer text(int status, String text) {
        return new HttpAnswer(status, "text/markdown; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** 204: nothing to say, so a hook command prints nothing. */
    public static HttpAnswer noContent() {
        return new HttpAnswer(204, null, new byte[0], Map.of());
    }

    /** This answer with another status (the body stays). */
    public HttpAnswer withStatus(int newStatus) {
        return new HttpAnswer(newStatus, contentType, body, headers);
    }

    /** This answer with one more header. */
    public HttpAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, contentType, body, Map.copyOf(more));
    }
}
