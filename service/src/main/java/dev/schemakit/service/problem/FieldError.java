package dev.schemakit.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One offending field of a request. Both members are always written, even when empty: a body may
 * have a member named {@code ""}, and Micronaut Serialization leaves empty strings out by default.
 *
 * @param field   the JSON property, query parameter or path parameter, as the client spelled it
 * @param message what is wrong with it, written by this service; never contains the value sent
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FieldError(String field, String message) {
}
