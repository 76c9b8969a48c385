package dev.schemakit.service.user;

import java.util.Set;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code GET} and {@code PUT /users/{id}/preferred-language}.
 *
 * @param preferredLanguage a BCP 47 language tag such as {@code en} or {@code pt-BR}
 */
@Serdeable
record PreferredLanguage(
        @NotNull(message = CreateUserRequest.REQUIRED)
        @Size(max = 35, message = "must be at most 35 characters long")
        @Pattern(regexp = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", message = "must be a BCP 47 language tag, such as en or pt-BR")
        String preferredLanguage) {

    private static final Set<String> FIELDS = Set.of("preferredLanguage");

    /**
     * Reads the body of a {@code PUT}. Constraints are not checked here: validate the result.
     *
     * @throws dev.schemakit.service.problem.ProblemException if the body is not an object, has
     *         another member, or {@code preferredLanguage} is not a string
     */
    static PreferredLanguage from(JsonNode body) {
        JsonObjectReader reader = JsonObjectReader.of(body, FIELDS);
        String language = reader.string("preferredLanguage");
        reader.throwIfInvalid();
        return new PreferredLanguage(language);
    }
}
