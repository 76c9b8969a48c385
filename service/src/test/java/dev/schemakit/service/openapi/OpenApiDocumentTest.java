package dev.schemakit.service.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;

/**
 * The OpenAPI document the service serves describes every route the service really has, each with
 * its error responses as {@code application/problem+json} bodies of the {@code Problem} schema,
 * and that schema matches the bodies the service really sends.
 */
@MicronautTest
class OpenApiDocumentTest extends ApiTestSupport {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Inject
    Router router;

    @Test
    void documentIsServedWithTitleAndVersion() {
        OpenApiDocument document = OpenApiDocument.fetch(api);

        assertEquals("schemakit", document.info().get("title"));
        assertFalse(String.valueOf(document.info().get("version")).isBlank());
        assertTrue(document.text().startsWith("openapi: 3."), document.text());
    }

    @Test
    void documentHasExactlyTheRoutesOfTheControllers() {
        OpenApiDocument document = OpenApiDocument.fetch(api);

        Set<String> routes = new TreeSet<>();
        ControllerRoutes.of(router).forEach(route -> routes.add(route.key()));
        Set<String> documented = new TreeSet<>(document.operationKeys());

        assertFalse(routes.isEmpty(), "the application has no controller routes");
        assertEquals(routes, documented);
    }

    @Test
    void everyOperationDeclaresItsErrorsAsProblems() {
        OpenApiDocument document = OpenApiDocument.fetch(api);

        for (ControllerRoutes.Route route : ControllerRoutes.of(router)) {
            Map<String, Object> responses = document.responses(route.method(), route.path());
            Set<String> codes = responses.keySet();
            String where = route.key() + " " + codes;

            assertTrue(codes.stream().anyMatch(code -> code.startsWith("2")), "no success response: " + where);
            // Any request can be malformed, unauthenticated, too long, use a method the path lacks,
            // accept no type the API sends, or meet a failing server or database.
            for (String code : new String[] {"400", "401", "405", "406", "414", "431", "500", "503"}) {
                assertTrue(codes.contains(code), "missing " + code + ": " + where);
            }
            if (route.hasPathVariable()) {
                assertTrue(codes.contains("404"), "missing 404 for a path with an id: " + where);
            }
            if (route.takesBody()) {
                assertTrue(codes.contains("413"), "missing 413 for a body: " + where);
                assertTrue(codes.contains("415"), "missing 415 for a body: " + where);
            }
            for (String code : codes) {
                if (code.startsWith("4") || code.startsWith("5")) {
                    Map<String, Object> content = OpenApiDocument
                            .map(OpenApiDocument.map(responses.get(code)).get("content"));
                    assertEquals(Set.of("application/problem+json"), content.keySet(), code + " of " + route.key());
                    Map<String, Object> schema = OpenApiDocument.map(
                            OpenApiDocument.map(content.get("application/problem+json")).get("schema"));
                    assertEquals(PROBLEM_REF, schema.get("$ref"), code + " of " + route.key());
                }
            }
        }
    }

    @Test
    void createDocumentsLocationAndRequestSchema() {
        OpenApiDocument document = OpenApiDocument.fetch(api);
        Map<String, Object> created = OpenApiDocument.map(document.responses("POST", "/users").get("201"));
        Map<String, Object> headers = OpenApiDocument.map(created.get("headers"));

        assertTrue(headers.containsKey("Location"), created.toString());
        Map<String, Object> requestBody = OpenApiDocument.map(document.operation("POST", "/users").get("requestBody"));
        Map<String, Object> json = OpenApiDocument
                .map(OpenApiDocument.map(requestBody.get("content")).get("application/json"));
        assertEquals("#/components/schemas/CreateUserRequest", OpenApiDocument.map(json.get("schema")).get("$ref"));
        assertNotNull(json.get("examples"), "the request body has no example");
    }

    @Test
    void requestSchemasAreClosedAndTheUsernamePatternAnchored() {
        OpenApiDocument document = OpenApiDocument.fetch(api);

        for (String name : List.of("CreateUserRequest", "UpdateUserRequest")) {
            Map<String, Object> schema = document.schema(name);
            // The service rejects any other member, so the document says so to clients and validators.
            assertEquals(false, schema.get("additionalProperties"), name);
            Map<String, Object> username = OpenApiDocument
                    .map(OpenApiDocument.map(schema.get("properties")).get("username"));
            // Unanchored, a JSON Schema pattern matches anywhere in the value: "a b" would pass.
            assertEquals("^[A-Za-z0-9_.-]*$", username.get("pattern"), name);
        }
    }

    @Test
    void methodNotAllowedNamesTheAllowedMethods() {
        OpenApiDocument document = OpenApiDocument.fetch(api);

        for (ControllerRoutes.Route route : ControllerRoutes.of(router)) {
            Map<String, Object> notAllowed = OpenApiDocument
                    .map(document.responses(route.method(), route.path()).get("405"));
            assertTrue(OpenApiDocument.map(notAllowed.get("headers")).containsKey("Allow"), route.key());
        }
    }

    @Test
    void problemSchemaHasTheMembersTheServiceSends() {
        OpenApiDocument document = OpenApiDocument.fetch(api);
        Map<String, Object> problem = document.schema("Problem");
        Map<String, Object> fieldError = document.schema("FieldError");

        // A validation problem carries every member but errorId; an internal error adds only that.
        HttpResponse<String> invalid = api.offContract().post("/users", """
                {"username": "x!", "email": "not-an-address"}
                """);
        assertEquals(400, invalid.statusCode(), invalid.body());
        JsonNode body = api.json(invalid);

        Set<String> sent = new TreeSet<>();
        body.entries().forEach(member -> sent.add(member.getKey()));
        Set<String> documented = OpenApiDocument.map(problem.get("properties")).keySet();
        assertTrue(documented.containsAll(sent), "sent " + sent + ", documented " + documented);
        assertTrue(sent.containsAll(OpenApiDocument.list(problem.get("required"))), "sent " + sent);
        assertEquals(new TreeSet<>(Set.of("type", "title", "status", "detail", "errors", "errorId")),
                new TreeSet<>(documented));

        Set<String> fieldMembers = new TreeSet<>();
        body.get("errors").values().forEach(error -> error.entries().forEach(m -> fieldMembers.add(m.getKey())));
        assertEquals(fieldMembers, new TreeSet<>(OpenApiDocument.map(fieldError.get("properties")).keySet()));
        Map<String, Object> errors = OpenApiDocument.map(OpenApiDocument.map(problem.get("properties")).get("errors"));
        assertEquals("#/components/schemas/FieldError", OpenApiDocument.map(errors.get("items")).get("$ref"));
    }

    @Test
    void userOperationsRequireTheBearerTokenAndNameTheirScopes() {
        OpenApiDocument document = OpenApiDocument.fetch(api);
        Map<String, Object> scheme = new java.util.HashMap<>(OpenApiDocument.map(
                OpenApiDocument.map(document.components().get("securitySchemes")).get("bearerAuth")));
        String description = (String) scheme.remove("description");

        assertEquals(Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"), scheme);
        for (String scope : List.of("users:read", "users:write", "users:admin")) {
            assertTrue(description.contains("`" + scope + "`"), description);
        }
        for (ControllerRoutes.Route route : ControllerRoutes.of(router)) {
            if (route.path().startsWith("/users")) {
                Map<String, Object> operation = document.operation(route.method(), route.path());
                assertEquals(List.of(Map.of("bearerAuth", List.of())), operation.get("security"), route.key());
                // Every operation names what it needs, and users:admin always suffices.
                assertTrue(((List<?>) operation.get("x-required-scopes")).contains("users:admin"), route.key());
                assertTrue(operation.get("responses").toString().contains("insufficient-scope"), route.key());
            }
        }
    }
}
