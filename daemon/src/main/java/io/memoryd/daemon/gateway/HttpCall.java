package io.memoryd.daemon.gateway;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP request to the hook gateway, as a route sees it: the body is read whole (bounded by the
 * gateway's body limit) before the route runs.
 *
 * @param method  the request method
 * @param path    the path without the query string
 * @param headers the request headers
 * @param body    the request body, possibly empty
 */
public record HttpCall(HttpMethod method, String path, HttpHeaders headers, byte[] body) {

    /** The body as UTF-8 text (malformed sequences become U+FFFD; JSON parsing then names the problem). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A header's value, or {@code fallback} when absent or blank. */
    public String header(String name, String fallback) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
