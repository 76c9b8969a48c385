package dev.schemakit.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.schemakit.service.openapi.ContractCheckingHttpClient;
import io.micronaut.core.annotation.Nullable;

/**
 * Raw HTTP with a time limit, for tests that break the database or stop the server under the
 * client: a request that hangs fails the test after {@link #TIMEOUT} instead of blocking the build,
 * and a refused connection surfaces as an exception the test can expect.
 * <p>
 * Every request carries a bearer token signed with the tests' secret ({@link #authorize}), and
 * every exchange is checked against the OpenAPI document the service serves
 * ({@link ContractCheckingHttpClient}).
 */
final class HttpProbe {

    /**
     * The token secret of the tests, as in {@code application-test.yml}; a service started in a
     * child process gets it as {@code SCHEMAKIT_AUTH_JWT_SECRET}.
     */
    static final String TEST_SECRET = "test-secret-test-secret-test-secret-0123456789";

    private static final String TOKEN = token();

    /** Far above any limit the tests assert, so that it only ever cuts a real hang short. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient client;

    HttpProbe(URI base) {
        this.base = base;
        this.client = ContractCheckingHttpClient.wrap(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build(), base);
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    /** POST with {@code Content-Type: application/json}. */
    HttpResponse<String> post(String path, String body) {
        return send("POST", path, "application/json", body);
    }

    /** PATCH with {@code Content-Type: application/merge-patch+json}, answered asynchronously. */
    CompletableFuture<HttpResponse<String>> patchAsync(String path, String body) {
        return client.sendAsync(request("PATCH", path, "application/merge-patch+json", body), BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, @Nullable String contentType, @Nullable String body) {
        try {
            return client.send(request(method, path, contentType, body), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String method, String path, @Nullable String contentType, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return authorize(request).build();
    }

    /** Adds a bearer token for the subject {@code probe} with the admin scope, valid for an hour, signed with {@link #TEST_SECRET}. */
    private static HttpRequest.Builder authorize(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + TOKEN);
    }

    private static String token() {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("probe")
                .claim("scope", "users:admin")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .build());
        try {
            jwt.sign(new MACSigner(TEST_SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
