package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * Inputs that {@link HostileInputPropertyTest} found mishandled, each pinned as a plain example
 * with the exact answer it gets now.
 */
@MicronautTest
class HostileInputRegressionTest extends ApiTestSupport {

    @Test
    void namesAnEmptyMemberNameAsAnEmptyField() {
        HttpResponse<String> response = api.post("/users", """
                {"": "x", "username": "alice", "email": "alice@example.com"}
                """);

        api.assertProblem(response, 400, """
                {"type": "https://schemakit.dev/problems/validation",
                 "title": "Invalid request",
                 "status": 400,
                 "detail": "The request has invalid fields or parameters; each is listed in errors.",
                 "errors": [{"field": "", "message": "is not a field of this request"}]}
                """);
        assertEquals(0, dsl.fetchCount(USERS));
    }
}
