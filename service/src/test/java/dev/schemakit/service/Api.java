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
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import dev.schemakit.service.openapi.ContractCheckingHttpClient;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.token.generator.TokenGenerator;

/**
 * Raw HTTP against the running server, with the JDK client: requests go out exactly as written
 * (any method, content type or body, malformed ones included), and 4xx/5xx responses are returned
 * rather than thrown.
 * <p>
 * Every request carries {@code Authorization: Bearer <token>}, a token for the subject
 * {@value #SUBJECT} with the scope {@value #ADMIN_SCOPE}, valid for an hour and signed with the test
 * secret, as an administrator's client would send: the tests that are not about authorization may do
 * anything. {@link #anonymous()} sends none, {@link #withAuthorization(String)} a header of the
 * test's choosing, {@link #as(String, String)} a token for another subject and scopes.
 * <p>
 * Every exchange is checked against the OpenAPI document the server serves
 * ({@link ContractCheckingHttpClient}): a response the document does not describe fails the test.
 * A test that sends a request outside the document on purpose (a malformed body, an unknown
 * member, no token) sends it through {@link #offContract()}, which checks only the response.
 */
public final class Api {

    /** The subject of the default token. */
    public static final String SUBJECT = "test-client";
    /** The scope of the default token: every operation on every user. */
    public static final String ADMIN_SCOPE = "users:admin";

    private final URI base;
    private final JsonMapper json;
    private final ContractCheckingHttpClient client;
    /** Micronaut's generator signing with the server's secret; absent when tokens come from a provider. */
    private final @Nullable TokenGenerator tokens;
    private final @Nullable String authorization;

    public Api(EmbeddedServer server, JsonMapper json) {
        this.base = server.getURI();
        this.json = json;
        this.client = ContractCheckingHttpClient.wrap(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), base);
        boolean provider = !server.getApplicationContext().getProperty("schemakit.auth.jwks-url", String.class)
                .orElse("").isBlank();
        this.tokens = provider ? null : server.getApplicationContext().getBean(TokenGenerator.class);
        this.authorization = tokens == null ? null
                : "Bearer " + token(SUBJECT, Instant.now().plus(Duration.ofHours(1)));
    }

    private Api(Api api, ContractCheckingHttpClient client, @Nullable String authorization) {
        this.base = api.base;
        this.json = api.json;
        this.client = client;
        this.tokens = api.tokens;
        this.authorization = authorization;
    }

    /**
     * This API for requests the test sends outside the OpenAPI document on purpose: they go out
     * unchecked, and only their responses are checked against the document.
     */
    public Api offContract() {
        return new Api(this, client.offContract(), authorization);
    }

    /** This API without an {@code Authorization} header. */
    public Api anonymous() {
        return new Api(this, client, null);
    }

    /** This API sending {@code Authorization: <value>} instead of the default token. */
    public Api withAuthorization(String value) {
        return new Api(this, client, value);
    }

    /** This API sending a token for {@code subject} with {@code scope} (space-separated; "" for none). */
    public Api as(String subject, String scope) {
        return withAuthorization("Bearer " + token(subject, scope, Instant.now().plus(Duration.ofHours(1))));
    }

    /**
     * A token with the scope {@value #ADMIN_SCOPE}, signed with the server's secret by Micronaut's own
     * JWT generator, not by the service's {@code token} command, so tests of that command have an
     * independent reference.
     */
    public String token(String subject, Instant expiresAt) {
        return token(subject, ADMIN_SCOPE, expiresAt);
    }

    /** A token with {@code scope} (left out when empty), signed with the server's secret. */
    public String token(String subject, String scope, Instant expiresAt) {
        Map<String, Object> claims = new HashMap<>(Map.of("sub", subject, "iat", new Date(), "exp",
                Date.from(expiresAt)));
        if (!scope.isEmpty()) {
            claims.put("scope", scope);
        }
        return token(claims);
    }

    /** A token with exactly {@code claims}, signed with the server's secret. */
    public String token(Map<String, Object> claims) {
        if (tokens == null) {
            throw new IllegalStateException("the server verifies tokens of an identity provider; it has no secret");
        }
        return tokens.generateToken(claims).orElseThrow();
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
        if (authorization != null) {
            request.header("Authorization", authorization);
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

    /**
     * Asserts the 400 {@code validation} problem whose {@code errors} member is the JSON array
     * {@code errors}: the one body every refused field gets.
     */
    public void assertInvalid(HttpResponse<String> response, String errors) {
        assertProblem(response, 400, """
                {"type": "https://schemakit.dev/problems/validation",
                 "title": "Invalid request",
                 "status": 400,
                 "detail": "The request has invalid fields or parameters; each is listed in errors.",
                 "errors": %s}
                """.formatted(errors));
    }
}
