package dev.schemakit.service.problem;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One offending field of a request.
 *
 * @param field   the JSON property, query parameter or path parameter, as the client spelled it
 * @param message what is wrong with it, written by this service; never contains the value sent
 */
@Serdeable
public record FieldError(String field, String message) {
}
