package dev.schemakit.service.security;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.Api;
import dev.schemakit.service.ApiTestSupport;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/** With {@code schemakit.auth.reads: anonymous} anyone may read; writes still need a token. */
@MicronautTest
@Property(name = "schemakit.auth.reads", value = "anonymous")
class AnonymousReadsTest extends ApiTestSupport {

    @Test
    void anonymousCallersCanReadUsers() {
        HttpResponse<String> created = api.post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        // Off the contract: the document requires the token on every operation, as the service does
        // unless configured otherwise. The answers are still checked.
        Api anonymous = api.anonymous().offContract();

        HttpResponse<String> one = anonymous.get(location);
        HttpResponse<String> list = anonymous.get("/users");

        assertEquals(200, one.statusCode(), one.body());
        assertEquals(api.json(created), api.json(one));
        assertEquals(200, list.statusCode(), list.body());
        assertEquals(api.json(created), api.json(list).get("items").get(0));
    }

    @Test
    void anonymousWritesAreStill401() {
        HttpResponse<String> created = api.post("/users", """
                {"username": "alice", "email": "alice@example.com"}
                """);
        String location = created.headers().firstValue("Location").orElseThrow();
        Api anonymous = api.anonymous().offContract();

        api.assertProblem(anonymous.post("/users", """
                {"username": "bob", "email": "bob@example.com"}
                """), 401, AuthenticationTest.NO_TOKEN);
        api.assertProblem(anonymous.patch(location, "{\"isActive\": false}"), 401, AuthenticationTest.NO_TOKEN);
        api.assertProblem(anonymous.delete(location), 401, AuthenticationTest.NO_TOKEN);
        assertEquals(1, dsl.fetchCount(USERS));
        assertEquals(true, dsl.select(USERS.IS_ACTIVE).from(USERS).fetchOne(USERS.IS_ACTIVE));
    }

    @Test
    void anInvalidTokenIsStillRejectedOnReads() {
        // A client sending a token expects it to count; silently reading as anonymous would hide its bug.
        HttpResponse<String> response = api.withAuthorization("Bearer not-a-jwt").get("/users");

        api.assertProblem(response, 401, AuthenticationTest.BAD_TOKEN);
    }
}
