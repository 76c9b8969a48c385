package dev.schemakit.service.user;

import java.util.Set;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /users}. It has no server-owned fields: a body that sends {@code id},
 * {@code createdAt}, {@code updatedAt} or {@code version} is rejected by {@link #from(JsonNode)}.
 *
 * @param username 3 to 80 of {@code [A-Za-z0-9_.-]}
 * @param email    a valid address of at most 254 characters
 * @param isActive {@code true} when the body leaves it out
 * @param subject  the bearer-token subject to link the user to, or {@code null}; only a caller with
 *                 the admin scope may send it (the user API checks that before reading the body)
 */
@Introspected
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        description = "The body of `POST /users`. Members other than these, including the server's `id`, "
                + "`createdAt` and `updatedAt`, are rejected.")
record CreateUserRequest(
        @NotNull(message = REQUIRED) @Size(min = 3, max = 80, message = USERNAME_LENGTH) @Pattern(
                regexp = USERNAME_CHARACTERS, message = USERNAME_CHARACTERS_MESSAGE) String username,

        @NotNull(message = REQUIRED) @Size(max = 254,
                message = EMAIL_LENGTH) @Email(message = EMAIL_FORMAT) String email,

        @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, defaultValue = "true") boolean isActive,

        @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, nullable = false,
                description = SUBJECT_DESCRIPTION) @Size(min = 1, max = 255, message = SUBJECT_LENGTH) @Pattern(
                        regexp = SUBJECT_CHARACTERS, message = SUBJECT_CHARACTERS_MESSAGE) String subject) {

    // Shared with UpdateUserRequest; they mirror the CHECK constraints of the users table.
    static final String REQUIRED = "is required";
    static final String USERNAME_LENGTH = "must be 3 to 80 characters long";
    // Anchored, though @Pattern matches the whole value anyway: the OpenAPI document repeats it, and
    // a JSON Schema pattern matches anywhere in the value unless anchored.
    static final String USERNAME_CHARACTERS = "^[A-Za-z0-9_.-]*$";
    static final String USERNAME_CHARACTERS_MESSAGE = "may contain only letters A-Z and a-z, digits, '_', '.' and '-'";
    static final String EMAIL_LENGTH = "must be at most 254 characters long";
    static final String EMAIL_FORMAT = "must be a valid email address";
    static final String SUBJECT_LENGTH = "must be 1 to 255 characters long";
    static final String SUBJECT_CHARACTERS = "^[^\\x00]*$";
    static final String SUBJECT_CHARACTERS_MESSAGE = "must not contain the NUL character";
    static final String SUBJECT_DESCRIPTION = "The bearer-token subject (`sub`) that owns the user. Only a token "
            + "with `users:admin` may send it (else 403 `insufficient-scope`); a caller signing itself up is "
            + "linked to its own subject without sending it.";

    private static final Set<String> FIELDS = Set.of("username", "email", "isActive", "subject");

    /**
     * Reads the request from a JSON body. Constraints are not checked here: validate the result.
     *
     * @throws dev.schemakit.service.problem.ProblemException of {@code MALFORMED_BODY} if the body is
     *         not an object, of {@code VALIDATION} if a member is unknown or server-owned,
     *         {@code null}, or of the wrong JSON type
     */
    static CreateUserRequest from(JsonNode body) {
        JsonObjectReader reader = JsonObjectReader.of(body, FIELDS);
        String username = reader.string("username");
        String email = reader.string("email");
        Boolean isActive = reader.bool("isActive");
        String subject = reader.string("subject");
        reader.throwIfInvalid();
        return new CreateUserRequest(username, email, isActive == null || isActive, subject);
    }
}
