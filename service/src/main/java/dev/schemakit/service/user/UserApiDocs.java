package dev.schemakit.service.user;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import dev.schemakit.service.problem.Problem;
import io.micronaut.http.MediaType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The OpenAPI description of {@link UserController}'s operations: one annotation per operation,
 * put on its method, which micronaut-openapi reads as if the swagger annotations it carries were
 * on the method itself. Keeping them here leaves the controller readable as code, one line per
 * method. The request and response schemas come from the records the controller really uses, so
 * their constraints (lengths, patterns) are those that are enforced.
 * <p>
 * Every operation declares its error responses with the {@link Problem} schema as
 * {@code application/problem+json}; {@code OpenApiDocumentTest} checks that for every route.
 */
final class UserApiDocs {

    static final String TAG = "users";
    static final String PROBLEM_JSON = MediaType.APPLICATION_JSON_PROBLEM;
    static final String ETAG = "The user's version, `\"<version>\"`: send it back in `If-Match` or `If-None-Match`.";
    static final String IF_MATCH = "ETags (or `*`) the change is meant for: 412 when the user's current one is not "
            + "among them. Without it the change is unconditional.";

    static final String TOKEN_OUT = "Present when reads may be served by a replica: the primary's WAL position after "
            + "this write (a PostgreSQL `pg_lsn`, such as `0/16B3748`). Send it back in `Consistency-Token` to read "
            + "what this write did.";
    static final String TOKEN_IN = "A `Consistency-Token` from a write's response: the read is served by a database "
            + "that has that write (the primary when the replica has not replayed it yet). Without it a read may lag "
            + "by up to the replica's allowed lag. Not a WAL position: 400 (`bad-request`).";

    static final String READ_SCOPES = "Needs a token with `users:read` or `users:admin`, unless the service lets "
            + "more callers read (`SCHEMAKIT_AUTH_READS`: `anonymous`, `authenticated`; `own`: only the caller's own "
            + "user, 403 `not-owner` for another).";
    static final String WRITE_SCOPES = "Needs `users:admin`, or `users:write` for the user the token's subject owns "
            + "(403 `not-owner` for another); only `users:admin` may send `subject`.";
    static final String CREATE_SCOPES = "Needs `users:admin`; when the service allows self sign-up "
            + "(`SCHEMAKIT_AUTH_SIGN_UP=self`), `users:write` too, and the caller then owns the user it creates "
            + "(one per subject: 409 for a second). Only `users:admin` may send `subject`.";

    private UserApiDocs() {
    }

    // Responses every operation can answer with.

    @Retention(RUNTIME)
    @Target(ANNOTATION_TYPE)
    @Tag(name = TAG)
    @SecurityRequirement(name = "bearerAuth")
    @ApiResponse(responseCode = "401", description = "No valid bearer token (`unauthorized`).",
            headers = @Header(name = "WWW-Authenticate", description = "`Bearer realm=\"schemakit\"`, with "
                    + "`error=\"invalid_token\"` when the token sent was not accepted.",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "The token is valid but may not do this: `insufficient-scope` "
            + "when it lacks the scope the operation needs (the detail and `WWW-Authenticate` name it), `not-owner` "
            + "when the operation is allowed on the caller's own user only and this user is another's.",
            headers = @Header(name = "WWW-Authenticate", description = "With `insufficient-scope`: `Bearer "
                    + "realm=\"schemakit\", error=\"insufficient_scope\", scope=\"<the scope needed>\"`.",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = {
                            @ExampleObject(name = "insufficient-scope",
                                    value = """
                                    {"type": "https://schemakit.dev/problems/insufficient-scope",
                                     "title": "Insufficient scope", "status": 403,
                                     "detail": "This request needs a bearer token with the scope users:write (or users:admin)."}"""),
                            @ExampleObject(name = "not-owner",
                                    value = """
                                    {"type": "https://schemakit.dev/problems/not-owner",
                                     "title": "Not the user's owner", "status": 403,
                                     "detail": "Only the user's owner, or a token with the scope users:admin, may change or delete it; this token's subject does not own it."}""")}))
    @ApiResponse(responseCode = "405", description = "The path has no operation for this method "
            + "(`method-not-allowed`); `Allow` lists the methods it has.",
            headers = @Header(name = "Allow", description = "The methods of this path, such as `GET, POST`.",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "406", description = "`Accept` rules out both types this API sends, `application/json` "
            + "and, for errors, `application/problem+json` (`about:blank`). `application/*`, `*/*` and either "
            + "type alone are served.",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "414", description = "The path and query string are too long (`uri-too-long`).",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "431", description = "The request's headers are too large (`headers-too-large`).",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "500", description = "The server failed (`internal-error`); `errorId` is in its log.",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "internal-error", value = """
                            {"type": "https://schemakit.dev/problems/internal-error",
                             "title": "Internal server error", "status": 500,
                             "detail": "The server failed to answer the request. Quote the error id when reporting this.",
                             "errorId": "0b8f2c1e-5b7a-4c7e-9d43-8a1f3e6d2c10"}""")))
    @ApiResponse(responseCode = "503",
            description = "The database cannot be used right now (`database-unavailable`), or the bearer token "
                    + "cannot be verified because the identity provider's keys cannot be fetched "
                    + "(`identity-provider-unavailable`); retry after `Retry-After` seconds.",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying.",
                    schema = @Schema(type = "integer")),
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @interface EveryOperation {
    }

    @Retention(RUNTIME)
    @Target(ANNOTATION_TYPE)
    @ApiResponse(responseCode = "400",
            description = "The request breaks a rule: `validation` lists each offending field or parameter in "
                    + "`errors`; `malformed-body`: the body is not a JSON object; `bad-request`: anything else.",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = {
                            @ExampleObject(name = "validation", value = """
                                {"type": "https://schemakit.dev/problems/validation",
                                 "title": "Invalid request", "status": 400,
                                 "detail": "The request has invalid fields or parameters; each is listed in errors.",
                                 "errors": [{"field": "username", "message": "must be 3 to 80 characters long"}]}"""),
                            @ExampleObject(name = "malformed-body", value = """
                                {"type": "https://schemakit.dev/problems/malformed-body",
                                 "title": "Malformed request body", "status": 400,
                                 "detail": "The request body is not valid JSON."}""")}))
    @interface BadRequest {
    }

    @Retention(RUNTIME)
    @Target(ANNOTATION_TYPE)
    @ApiResponse(responseCode = "404", description = "No user has this id (`user-not-found`).",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "user-not-found", value = """
                            {"type": "https://schemakit.dev/problems/user-not-found",
                             "title": "User not found", "status": 404, "detail": "No user has this id."}""")))
    @interface UserNotFound {
    }

    @Retention(RUNTIME)
    @Target(ANNOTATION_TYPE)
    @ApiResponse(responseCode = "409",
            description = "The username or email is taken, ignoring case (`duplicate-user`).",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "duplicate-user", value = """
                            {"type": "https://schemakit.dev/problems/duplicate-user",
                             "title": "User already exists", "status": 409,
                             "detail": "Another user already has this username (compared ignoring case).",
                             "errors": [{"field": "username", "message": "is already taken"}]}""")))
    @interface Duplicate {
    }

    @Retention(RUNTIME)
    @Target(ANNOTATION_TYPE)
    @ApiResponse(responseCode = "412",
            description = "`If-Match` names no version the user has now (`precondition-failed`); nothing changed.",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "precondition-failed",
                            value = """
                            {"type": "https://schemakit.dev/problems/precondition-failed",
                             "title": "Precondition failed", "status": 412,
                             "detail": "The user's current version is not one named in If-Match; nothing was changed. Fetch the user again for its current ETag."}""")))
    @interface PreconditionFailed {
    }

    /** The errors of an operation that reads a JSON body. */
    @Retention(RUNTIME)
    @Target(ANNOTATION_TYPE)
    @ApiResponse(responseCode = "413", description = "The body is over 16 KB (`payload-too-large`).",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not JSON (`unsupported-media-type`).",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @interface ReadsBody {
    }

    // The operations.

    @Retention(RUNTIME)
    @Target(METHOD)
    @EveryOperation
    @BadRequest
    @Duplicate
    @ReadsBody
    @Operation(operationId = "createUser", summary = "Create a user",
            description = "`isActive` defaults to `true`. `id`, `createdAt` and `updatedAt` are the server's: "
                    + "sending them is a 400. " + CREATE_SCOPES,
            extensions = @Extension(properties = @ExtensionProperty(name = "required-scopes",
                    value = "[\"users:admin\", \"users:write (self sign-up)\"]", parseValue = true)),
            responses = @ApiResponse(responseCode = "201", description = "Created; `Location` is the new user's URL.",
                    headers = {
                            @Header(name = "Location", description = "`/users/{id}` of the new user.",
                                    schema = @Schema(type = "string", example = "/users/1")),
                            @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")),
                            @Header(name = "Consistency-Token", description = TOKEN_OUT,
                                    schema = @Schema(type = "string"))},
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = User.class))))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateUserRequest.class),
            examples = @ExampleObject(name = "alice", value = """
                    {"username": "alice", "email": "alice@example.com"}""")))
    @interface CreateUser {
    }

    @Retention(RUNTIME)
    @Target(METHOD)
    @EveryOperation
    @BadRequest
    @UserNotFound
    @Operation(operationId = "getUser", summary = "Get a user", description = READ_SCOPES,
            extensions = @Extension(properties = @ExtensionProperty(name = "required-scopes",
                    value = "[\"users:read\", \"users:admin\"]", parseValue = true)),
            parameters = {
                    @Parameter(name = "id", in = ParameterIn.PATH, description = "The user's id.",
                            schema = @Schema(type = "integer", format = "int64")),
                    @Parameter(name = "If-None-Match", in = ParameterIn.HEADER,
                            description = "ETags the client has (or `*`): 304 when the user's current one is among them.",
                            schema = @Schema(type = "string")),
                    @Parameter(name = "Consistency-Token", in = ParameterIn.HEADER, description = TOKEN_IN,
                            schema = @Schema(type = "string", example = "0/16B3748"))},
            responses = {
                    @ApiResponse(responseCode = "200", description = "The user.",
                            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")),
                            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(implementation = User.class))),
                    @ApiResponse(responseCode = "304",
                            description = "`If-None-Match` names the current version; no body.",
                            headers = @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")))})
    @interface GetUser {
    }

    @Retention(RUNTIME)
    @Target(METHOD)
    @EveryOperation
    @BadRequest
    @Operation(operationId = "listUsers", summary = "List users, a page at a time",
            description = "Users ordered by id. Pass the page's `next` as `after` to get the following page; "
                    + "`next` is `null` on the last page. " + READ_SCOPES + " With `own`, the list holds only the "
                    + "caller's own user.",
            extensions = @Extension(properties = @ExtensionProperty(name = "required-scopes",
                    value = "[\"users:read\", \"users:admin\"]", parseValue = true)),
            parameters = {
                    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size.",
                            schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "100",
                                    defaultValue = "20")),
                    @Parameter(name = "after", in = ParameterIn.QUERY,
                            description = "The `next` of the previous page; absent for the first page.",
                            schema = @Schema(type = "string")),
                    @Parameter(name = "active", in = ParameterIn.QUERY,
                            description = "Only users with this `isActive`.",
                            schema = @Schema(type = "boolean")),
                    @Parameter(name = "q", in = ParameterIn.QUERY,
                            description = "Only users whose username starts with this, ignoring case "
                                    + "(`_` and `%` are literal).",
                            schema = @Schema(type = "string")),
                    @Parameter(name = "Consistency-Token", in = ParameterIn.HEADER, description = TOKEN_IN,
                            schema = @Schema(type = "string", example = "0/16B3748"))},
            responses = @ApiResponse(responseCode = "200", description = "A page of users.",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = UserPageResponse.class))))
    @interface ListUsers {
    }

    @Retention(RUNTIME)
    @Target(METHOD)
    @EveryOperation
    @BadRequest
    @UserNotFound
    @Duplicate
    @PreconditionFailed
    @ReadsBody
    @Operation(operationId = "updateUser", summary = "Change a user (JSON merge patch)",
            description = "Members left out stay as they are; `null` is a 400, since no field can be removed, except "
                    + "for `subject`, where it unlinks the user from its owner. " + WRITE_SCOPES,
            extensions = @Extension(properties = @ExtensionProperty(name = "required-scopes",
                    value = "[\"users:write (own user)\", \"users:admin\"]", parseValue = true)),
            parameters = {
                    @Parameter(name = "id", in = ParameterIn.PATH, description = "The user's id.",
                            schema = @Schema(type = "integer", format = "int64")),
                    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = IF_MATCH,
                            schema = @Schema(type = "string"))},
            responses = @ApiResponse(responseCode = "200",
                    description = "The user as it is now; a change moves `updatedAt` and `version`.",
                    headers = {
                            @Header(name = "ETag", description = ETAG, schema = @Schema(type = "string")),
                            @Header(name = "Consistency-Token", description = TOKEN_OUT,
                                    schema = @Schema(type = "string"))},
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = User.class))))
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON_MERGE_PATCH,
                    schema = @Schema(implementation = UpdateUserRequest.class),
                    examples = @ExampleObject(name = "deactivate", value = """
                        {"isActive": false}""")),
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UpdateUserRequest.class))})
    @interface UpdateUser {
    }

    @Retention(RUNTIME)
    @Target(METHOD)
    @EveryOperation
    @BadRequest
    @UserNotFound
    @PreconditionFailed
    @Operation(operationId = "deleteUser", summary = "Delete a user", description = WRITE_SCOPES,
            extensions = @Extension(properties = @ExtensionProperty(name = "required-scopes",
                    value = "[\"users:write (own user)\", \"users:admin\"]", parseValue = true)),
            parameters = {
                    @Parameter(name = "id", in = ParameterIn.PATH, description = "The user's id.",
                            schema = @Schema(type = "integer", format = "int64")),
                    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = IF_MATCH,
                            schema = @Schema(type = "string"))},
            responses = @ApiResponse(responseCode = "204", description = "Deleted.",
                    headers = @Header(name = "Consistency-Token", description = TOKEN_OUT,
                            schema = @Schema(type = "string"))))
    @interface DeleteUser {
    }
}
