package dev.schemakit.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * {@code /prometheus} answers a scraper without credentials, in Prometheus' text format, with the
 * series an operator graphs: request timings per route template, the connection pool, the JVM.
 */
@MicronautTest
class PrometheusEndpointTest extends ApiTestSupport {

    @Test
    void countsRequestsPerRouteTemplateAndStatus() throws InterruptedException {
        String location = api.post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """).headers().firstValue("location").orElseThrow();
        assertEquals(200, api.get(location).statusCode());
        assertEquals(404, api.get("/users/424242").statusCode());

        List<Pattern> expected = List.of(
                count("POST", "201", "/users"),
                count("GET", "200", "/users/\\{id}"),
                // Micronaut labels every 404 NOT_FOUND, whatever the route, so that probing
                // random paths cannot create series without bound.
                count("GET", "404", "NOT_FOUND"));
        // The timer is stopped once the response has been written, which may be just after the
        // client has read it: a few scrapes, until a deadline, instead of a fixed wait.
        String metrics = scrape();
        for (long deadline = System.nanoTime() + 5_000_000_000L;
                !allFound(expected, metrics) && System.nanoTime() < deadline;
                Thread.sleep(100)) {
            metrics = scrape();
        }

        for (Pattern series : expected) {
            assertTrue(series.matcher(metrics).find(), series + " in\n" + metrics);
        }
        assertTrue(Pattern.compile("(?m)^http_server_requests_seconds_bucket\\{.*uri=\"/users/\\{id}\"")
                .matcher(metrics).find(), metrics);
    }

    private static Pattern count(String method, String status, String uri) {
        // A route template has braces of its own, so a label is looked for anywhere on the line.
        return Pattern.compile("(?m)^http_server_requests_seconds_count\\{(?=.*method=\"" + method + "\")"
                + "(?=.*status=\"" + status + "\")(?=.*uri=\"" + uri + "\").*} [1-9]\\d*$");
    }

    private static boolean allFound(List<Pattern> patterns, String text) {
        return patterns.stream().allMatch(pattern -> pattern.matcher(text).find());
    }

    @Test
    void reportsTheConnectionPoolAndTheJvm() {
        String metrics = scrape();

        for (String series : List.of("hikaricp_connections_active{", "hikaricp_connections_idle{",
                "hikaricp_connections_max{", "hikaricp_connections_pending{",
                "hikaricp_connections_acquire_seconds_count{",
                "jvm_memory_used_bytes{", "jvm_threads_live_threads ", "process_cpu_usage ")) {
            assertTrue(metrics.lines().anyMatch(line -> line.startsWith(series)), series + " in\n" + metrics);
        }
    }

    private String scrape() {
        HttpResponse<String> response = api.get("/prometheus");
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
                response.headers()::toString);
        return response.body();
    }
}
