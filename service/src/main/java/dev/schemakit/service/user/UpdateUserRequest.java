package dev.schemakit.service.user;

import static dev.schemakit.service.user.CreateUserRequest.EMAIL_FORMAT;
import static dev.schemakit.service.user.CreateUserRequest.EMAIL_LENGTH;
import static dev.schemakit.service.user.CreateUserRequest.SUBJECT_CHARACTERS;
import static dev.schemakit.service.user.CreateUserRequest.SUBJECT_CHARACTERS_MESSAGE;
import static dev.schemakit.service.user.CreateUserRequest.SUBJECT_LENGTH;
import static dev.schemakit.service.user.CreateUserRequest.USERNAME_CHARACTERS;
import static dev.schemakit.service.user.CreateUserRequest.USERNAME_CHARACTERS_MESSAGE;
import static dev.schemakit.service.user.CreateUserRequest.USERNAME_LENGTH;

import java.util.Set;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code PATCH /users/{id}}, a JSON merge patch (RFC 7396): a {@code null} component
 * means the body left the field out and it stays unchanged. Sending JSON {@code null} is rejected
 * by {@link #from(JsonNode)}, since none of the fields can be removed, except for {@code subject}:
 * {@code null} there unlinks the user from its owner ({@code unlinkSubject}).
 *
 * @param username the new username, 3 to 80 of {@code [A-Za-z0-9_.-]}, or {@code null}
 * @param email    the new email, a valid address of at most 254 characters, or {@code null}
 * @param isActive the new flag, or {@code null}
 * @param subject  the subject to link the user to, or {@code null}; admin scope only
 * @param unlinkSubject whether the body sent {@code "subject": null}: the user is to have no owner
 */
@Introspected
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        description = "The body of `PATCH /users/{id}`, a JSON merge patch (RFC 7396): members left out stay "
                + "as they are. `null` is rejected, since no field can be removed; so are other members.")
record UpdateUserRequest(
        @Nullable @Schema(nullable = false, description = "The new username, 3 to 80 of `[A-Za-z0-9_.-]`.") @Size(
                min = 3, max = 80, message = USERNAME_LENGTH) @Pattern(regexp = USERNAME_CHARACTERS,
                        message = USERNAME_CHARACTERS_MESSAGE) String username,

        @Nullable @Schema(nullable = false,
                description = "The new email, a valid address of at most 254 characters.") @Size(max = 254,
                        message = EMAIL_LENGTH) @Email(message = EMAIL_FORMAT) String email,

        @Nullable @Schema(nullable = false, description = "The new flag.") Boolean isActive,

        @Nullable @Schema(nullable = true, description = "The subject to link the user to, or `null` to leave it "
                + "without owner. Only a token with `users:admin` may send it (else 403 `insufficient-scope`).") @Size(
                        min = 1, max = 255, message = SUBJECT_LENGTH) @Pattern(regexp = SUBJECT_CHARACTERS,
                                message = SUBJECT_CHARACTERS_MESSAGE) String subject,

        @Schema(hidden = true) boolean unlinkSubject) {

    private static final Set<String> FIELDS = Set.of("username", "email", "isActive", "subject");

    /** Whether the patch changes nothing. */
    boolean isEmpty() {
        return username == null && email == null && isActive == null && subject == null && !unlinkSubject;
    }

    /**
     * Reads the patch from a JSON body. Constraints are not checked here: validate the result.
     *
     * @throws dev.schemakit.service.problem.ProblemException of {@code MALFORMED_BODY} if the body is
     *         not an object, of {@code VALIDATION} if a member is unknown or server-owned,
     *         {@code null}, or of the wrong JSON type
     */
    static UpdateUserRequest from(JsonNode body) {
        JsonObjectReader reader = JsonObjectReader.of(body, FIELDS);
        String username = reader.string("username");
        String email = reader.string("email");
        Boolean isActive = reader.bool("isActive");
        JsonNode subjectValue = body.get("subject");
        boolean unlink = subjectValue != null && subjectValue.isNull();
        String subject = unlink ? null : reader.string("subject");
        reader.throwIfInvalid();
        return new UpdateUserRequest(username, email, isActive, subject, unlink);
    }
}
