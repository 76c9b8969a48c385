package dev.schemakit.service.problem;

import static dev.schemakit.model.Tables.USERS;
import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.jooq.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * The error responses Micronaut itself produces (no route, wrong method, media type, size,
 * unreadable body, unexpected failure) are all {@code application/problem+json}.
 */
@MicronautTest
class ProblemResponsesTest extends ApiTestSupport {

    private static final String VALID_USER = """
            {"username": "alice", "email": "alice@example.com"}
            """;

    private final ListAppender<ILoggingEvent> errorLog = new ListAppender<>();

    @BeforeEach
    void captureErrorLog() {
        errorLog.start();
        unexpectedErrorLogger().addAppender(errorLog);
    }

    @AfterEach
    void tearDown() {
        unexpectedErrorLogger().detachAppender(errorLog);
    }

    @Test
    void answersUnknownRouteWith404() {
        api.assertProblem(api.get("/no-such-thing"), 404, """
                {"type": "https://schemakit.dev/problems/not-found",
                 "title": "Not found",
                 "status": 404,
                 "detail": "No resource exists at this path."}
                """);
    }

    @Test
    void answersWrongMethodWith405() {
        HttpResponse<String> response = api.offContract().send("PUT", "/users/1", "application/json", VALID_USER);

        api.assertProblem(response, 405, """
                {"type": "https://schemakit.dev/problems/method-not-allowed",
                 "title": "Method not allowed",
                 "status": 405,
                 "detail":
                   "This resource does not support the request's method; the Allow header lists the ones it does."}
                """);
        String allow = response.headers().firstValue("Allow").orElse("");
        assertEquals(List.of("DELETE", "GET", "HEAD", "PATCH"), List.of(allow.split(",")).stream().sorted().toList());
    }

    @Test
    void answersTextBodyWith415() {
        HttpResponse<String> response = api.offContract().send("POST", "/users", "text/plain", "alice");

        api.assertProblem(response, 415, """
                {"type": "https://schemakit.dev/problems/unsupported-media-type",
                 "title": "Unsupported media type",
                 "status": 415,
                 "detail": "The request body must be sent as application/json."}
                """);
    }

    @Test
    void answersTextPatchWith415NamingBothJsonTypes() {
        HttpResponse<String> response = api.offContract().send("PATCH", "/users/1", "text/plain", "{}");

        api.assertProblem(response, 415, """
                {"type": "https://schemakit.dev/problems/unsupported-media-type",
                 "title": "Unsupported media type",
                 "status": 415,
                 "detail": "The request body must be sent as application/json or application/merge-patch+json."}
                """);
    }

    @Test
    void answersBodyOver16KiBWith413() {
        String body = """
                {"username": "alice", "email": "alice@example.com", "padding": "%s"}
                """.formatted("x".repeat(16 * 1024));

        api.assertProblem(api.offContract().post("/users", body), 413, """
                {"type": "https://schemakit.dev/problems/payload-too-large",
                 "title": "Request body too large",
                 "status": 413,
                 "detail": "The request body is larger than the limit of 16384 bytes."}
                """);
        assertEquals(0, dsl.fetchCount(USERS));
    }

    @Test
    void answersMalformedJsonWith400() {
        api.assertProblem(api.offContract().post("/users", """
                {"username": "alice", "email":
                """), 400, """
                {"type": "https://schemakit.dev/problems/malformed-body",
                 "title": "Malformed request body",
                 "status": 400,
                 "detail": "The request body is not valid JSON."}
                """);
    }

    @Test
    void answersBodyThatIsNoObjectWith400() {
        api.assertProblem(api.offContract().post("/users", "[1, 2]"), 400, """
                {"type": "https://schemakit.dev/problems/malformed-body",
                 "title": "Malformed request body",
                 "status": 400,
                 "detail": "The request body must be a JSON object."}
                """);
    }

    @Test
    void answersMissingBodyWith400() {
        api.assertProblem(api.offContract().send("POST", "/users", "application/json", null), 400, """
                {"type": "https://schemakit.dev/problems/malformed-body",
                 "title": "Malformed request body",
                 "status": 400,
                 "detail": "The request needs a JSON body."}
                """);
    }

    @Test
    void answersNonNumericIdWith400() {
        api.assertInvalid(api.offContract().get("/users/abc"), """
                [{"field": "id", "message": "must be an integer"}]""");
    }

    @Test
    void answersUnexpectedFailureWith500AndLogsItsErrorId() {
        // A constraint the service does not know about makes the insert fail in an unforeseen way.
        String checkName = "users_test_rejects_boom";
        Field<String> username = field(USERS.USERNAME.getUnqualifiedName(), String.class);
        dsl.alterTable(USERS)
                .add(constraint(checkName).check(username.ne(inline("boom"))))
                .execute();
        HttpResponse<String> response;
        try {
            response = api.post("/users", """
                    {"username": "boom", "email": "boom@example.com"}
                    """);
        } finally {
            dsl.alterTable(USERS).dropConstraint(checkName).execute();
        }

        assertEquals(500, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(null));
        String errorId = api.json(response).get("errorId").getStringValue();
        assertEquals(errorId, UUID.fromString(errorId).toString());
        api.assertProblem(response, 500, """
                {"type": "https://schemakit.dev/problems/internal-error",
                 "title": "Internal server error",
                 "status": 500,
                 "detail": "The server failed to answer the request. Quote the error id when reporting this.",
                 "errorId": "%s"}
                """.formatted(errorId));
        for (String leak : List.of("boom", checkName, "SQL", "org.", "jooq", "Exception", "\tat ")) {
            assertFalse(response.body().contains(leak), leak);
        }

        assertEquals(1, errorLog.list.size());
        ILoggingEvent logged = errorLog.list.get(0);
        assertTrue(logged.getFormattedMessage().contains(errorId), logged::getFormattedMessage);
        assertNotNull(logged.getThrowableProxy());
        assertEquals(0, dsl.fetchCount(USERS));
    }

    private static Logger unexpectedErrorLogger() {
        return (Logger) LoggerFactory.getLogger(UnexpectedErrorHandler.class);
    }
}
