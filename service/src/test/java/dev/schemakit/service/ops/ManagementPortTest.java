package dev.schemakit.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.PostgresTestSupport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * With {@code endpoints.all.port} ({@code ENDPOINTS_ALL_PORT}) set, health and metrics move to
 * that port and leave the API's: a deployment can publish the API and keep management private.
 */
class ManagementPortTest extends PostgresTestSupport {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesHealthAndMetricsOnlyOnTheManagementPort() throws IOException, InterruptedException {
        int managementPort = freePort();
        String url = postgres().getJdbcUrl();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url", url,
                "datasources.default.username", postgres().getUsername(),
                "datasources.default.password", postgres().getPassword(),
                "endpoints.all.port", managementPort))) {

            assertEquals(200, status(managementPort, "/health"));
            assertEquals(200, status(managementPort, "/prometheus"));
            assertEquals(404, status(server.getPort(), "/health"));
            assertEquals(404, status(server.getPort(), "/prometheus"));
            // The API is still there: it asks for a token rather than answering 404.
            assertEquals(401, status(server.getPort(), "/users"));
        }
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
