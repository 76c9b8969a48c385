package dev.schemakit.service.user;

import java.util.Set;

import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

/**
 * {@code /users/{id}/preferred-language}: the language a user reads. {@code GET} answers 200 with
 * {@code {"preferredLanguage": "en"}}; {@code PUT} with such a body sets it and answers 200 with the
 * stored value, 400 for a body that is not one. Both answer 404 if there is no such user.
 */
@Controller("/users/{id}/preferred-language")
// JDBC blocks: keep it off the Netty event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = UserApiDocs.TAG)
class PreferredLanguageController {

    private final PreferredLanguageRepository languages;
    private final Validator validator;

    PreferredLanguageController(PreferredLanguageRepository languages, Validator validator) {
        this.languages = languages;
        this.validator = validator;
    }

    @Operation(operationId = "getPreferredLanguage", summary = "Get a user's preferred language")
    @Get
    PreferredLanguage get(long id) {
        return languages.find(id).map(PreferredLanguage::new).orElseThrow(PreferredLanguageController::notFound);
    }

    @Operation(operationId = "setPreferredLanguage", summary = "Set a user's preferred language")
    // The body is read as a JsonNode for the clear errors of JsonObjectReader: describe what it is.
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PreferredLanguage.class)))
    @Put
    PreferredLanguage put(long id, @Body JsonNode body) {
        PreferredLanguage request = PreferredLanguage.from(body);
        Set<ConstraintViolation<PreferredLanguage>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return languages.update(id, request.preferredLanguage())
                .map(PreferredLanguage::new)
                .orElseThrow(PreferredLanguageController::notFound);
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.USER_NOT_FOUND, "No user has this id.");
    }
}
