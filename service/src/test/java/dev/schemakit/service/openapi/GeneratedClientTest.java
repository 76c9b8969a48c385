package dev.schemakit.service.openapi;

import static dev.schemakit.model.Tables.USERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.schemakit.client.ApiClient;
import dev.schemakit.client.ApiException;
import dev.schemakit.client.ApiResponse;
import dev.schemakit.client.api.UsersApi;
import dev.schemakit.client.model.CreateUserRequest;
import dev.schemakit.client.model.FieldError;
import dev.schemakit.client.model.Problem;
import dev.schemakit.client.model.UpdateUserRequest;
import dev.schemakit.client.model.UserPageResponse;
import dev.schemakit.client.model.UserResponse;
import dev.schemakit.service.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * The Java client that openapi-generator builds from the served document
 * ({@code dev.schemakit.client}, generated at {@code generate-test-sources}) works against the
 * running service: what the contract promises is what a client gets, errors included.
 */
@MicronautTest
class GeneratedClientTest extends ApiTestSupport {

    private ApiClient client;
    private UsersApi users;

    @BeforeEach
    void connect() {
        client = new ApiClient();
        client.updateBaseUri(server.getURI().toString());
        // Every exchange the generated code makes is checked against the served document too.
        client.setHttpClientBuilder(ContractCheckingHttpClient.builder(server.getURI()));
        // The bearer token a real client would send (the document declares bearerAuth).
        String authorization = "Bearer " + api.token("generated-client", Instant.now().plus(Duration.ofHours(1)));
        client.setRequestInterceptor(request -> request.header("Authorization", authorization));
        users = new UsersApi(client);
    }

    // The null arguments are the optional If-None-Match and If-Match headers: unconditional requests.
    @Test
    void createGetListPatchDeleteThroughTheGeneratedClient() throws Exception {
        ApiResponse<UserResponse> created = users.createUserWithHttpInfo(
                new CreateUserRequest().username("alice").email("alice@example.com"));
        assertEquals(201, created.getStatusCode());
        UserResponse alice = created.getData();
        assertEquals(List.of("/users/" + alice.getId()), created.getHeaders().get("location"));
        assertEquals("alice", alice.getUsername());
        assertEquals("alice@example.com", alice.getEmail());
        assertTrue(alice.getIsActive());
        assertEquals(alice.getCreatedAt(), alice.getUpdatedAt());

        UserResponse bob = users.createUser(
                new CreateUserRequest().username("bob").email("bob@example.com").isActive(false));
        UserResponse carol = users.createUser(new CreateUserRequest().username("carol").email("carol@example.com"));
        assertFalse(bob.getIsActive());

        assertEquals(alice, users.getUser(alice.getId(), null, null));

        UserPageResponse first = users.listUsers(2, null, null, null, null);
        assertEquals(List.of(alice, bob), first.getItems());
        assertNotNull(first.getNext());
        UserPageResponse second = users.listUsers(2, first.getNext(), null, null, null);
        assertEquals(List.of(carol), second.getItems());
        assertNull(second.getNext());
        assertEquals(List.of(bob), users.listUsers(null, null, false, null, null).getItems());
        assertEquals(List.of(carol), users.listUsers(null, null, null, "CA", null).getItems());

        // Only isActive is sent: the generated model leaves unset members out, as a merge patch needs.
        UserResponse reactivated = users.updateUser(bob.getId(), new UpdateUserRequest().isActive(true), null);
        assertTrue(reactivated.getIsActive());
        assertEquals("bob", reactivated.getUsername());
        assertEquals("bob@example.com", reactivated.getEmail());
        assertEquals(bob.getCreatedAt(), reactivated.getCreatedAt());
        assertTrue(reactivated.getUpdatedAt().isAfter(bob.getUpdatedAt()), reactivated.toString());

        users.deleteUser(alice.getId(), null);

        ApiException missing = assertThrows(ApiException.class, () -> users.getUser(alice.getId(), null, null));
        assertEquals(404, missing.getCode());
        assertEquals(List.of("application/problem+json"), missing.getResponseHeaders().allValues("content-type"));
        assertEquals(new Problem()
                .type(URI.create("https://schemakit.dev/problems/user-not-found"))
                .title("User not found")
                .status(404)
                .detail("No user has this id."), problem(missing));
        assertEquals(2, dsl.fetchCount(USERS));
        assertFalse(dsl.fetchExists(USERS, USERS.ID.eq(alice.getId())));
    }

    @Test
    void conflictArrivesAsAProblemNamingTheField() throws Exception {
        users.createUser(new CreateUserRequest().username("alice").email("alice@example.com"));

        ApiException conflict = assertThrows(ApiException.class, () -> users.createUser(
                new CreateUserRequest().username("ALICE").email("alice2@example.com")));

        assertEquals(409, conflict.getCode());
        assertEquals(new Problem()
                .type(URI.create("https://schemakit.dev/problems/duplicate-user"))
                .title("User already exists")
                .status(409)
                .detail("Another user already has this username (compared ignoring case).")
                .errors(List.of(new FieldError().field("username").message("is already taken"))), problem(conflict));
        assertEquals(1, dsl.fetchCount(USERS));
    }

    /** The error body, read with the generated model and the client's own JSON settings. */
    private Problem problem(ApiException error) throws JsonProcessingException {
        return client.getObjectMapper().readValue(error.getResponseBody(), Problem.class);
    }
}
