package dev.schemakit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * Raw HTTP against the running server, with the JDK client: requests go out exactly as written
 * (any method, content type or body, malformed ones included), and 4xx/5xx responses are returned
 * rather than thrown.
 */
public final class Api {

    private final URI base;
    private final JsonMapper json;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public Api(EmbeddedServer server, JsonMapper json) {
        this.base = server.getURI();
        this.json = json;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** POST with {@code Content-Type: application/json}. */
    public HttpResponse<String> post(String path, String body) {
        return send("POST", path, "application/json", body);
    }

    /** PATCH with {@code Content-Type: application/merge-patch+json}. */
    public HttpResponse<String> patch(String path, String body) {
        return send("PATCH", path, "application/merge-patch+json", body);
    }

    public HttpResponse<String> send(String method, String path, @Nullable String contentType, @Nullable String body) {
        return send(method, path, contentType, body, new String[0]);
    }

    /** {@code headers} are name and value pairs, sent in that order; a name may repeat. */
    public HttpResponse<String> send(String method, String path, @Nullable String contentType, @Nullable String body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of {@code response} as a JSON tree. */
    public JsonNode json(HttpResponse<String> response) {
        return parse(response.body());
    }

    public JsonNode parse(String text) {
        try {
            return json.readValue(text, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /**
     * Asserts that {@code response} is an {@code application/problem+json} error with exactly the
     * body {@code expectedJson} (compared as JSON, so formatting and member order do not matter).
     */
    public void assertProblem(HttpResponse<String> response, int status, String expectedJson) {
        assertEquals(status, response.statusCode(), response::body);
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(null));
        assertEquals(parse(expectedJson), json(response), response::body);
    }
}
