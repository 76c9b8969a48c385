package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * Duplicates are decided by the database's unique indexes, so they hold when the same user is
 * created by many requests at once: exactly one wins, the others get 409, none gets a 5xx.
 */
@MicronautTest
class ConcurrentCreateTest extends ApiTestSupport {

    private static final int REQUESTS = 16;

    @Test
    void sameUsernameAtOnceCreatesOneUser() throws Exception {
        Map<Integer, Long> statuses = postAtOnce(i -> """
                {"username": "racer", "email": "racer%d@example.com"}
                """.formatted(i));

        assertEquals(Map.of(201, 1L, 409, (long) REQUESTS - 1), statuses);
        assertEquals(1, dsl.fetchCount(USERS));
    }

    @Test
    void emailsDifferingOnlyInCaseAtOnceCreateOneUser() throws Exception {
        Map<Integer, Long> statuses = postAtOnce(i -> """
                {"username": "racer%d", "email": "%s@example.com"}
                """.formatted(i, i % 2 == 0 ? "Racer" : "rACER"));

        assertEquals(Map.of(201, 1L, 409, (long) REQUESTS - 1), statuses);
        assertEquals(1, dsl.fetchCount(USERS));
    }

    /** Sends REQUESTS POSTs released together; returns how many got each status. */
    private Map<Integer, Long> postAtOnce(IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String json = body.apply(i);
                responses.add(pool.submit(() -> {
                    start.await();
                    return api.post("/users", json);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> done = new ArrayList<>();
            for (Future<HttpResponse<String>> response : responses) {
                done.add(response.get());
            }
            for (HttpResponse<String> response : done) {
                if (response.statusCode() == 409) {
                    assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
                }
            }
            return done.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        } finally {
            pool.shutdownNow();
        }
    }
}
