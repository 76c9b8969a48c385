package dev.schemakit.service.user;

import java.time.OffsetDateTime;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A user as the API returns it. Timestamps are ISO-8601 with offset.
 *
 * @param id        assigned by the server
 * @param username  unique ignoring case
 * @param email     unique ignoring case
 * @param isActive  false for a deactivated user
 * @param createdAt when the user was created
 * @param updatedAt when the user was last changed
 * @param version   increases with every change; its {@code ETag} is {@link EntityTags#of(long)} of it
 */
// The repository reads rows straight into it; the schema keeps the name clients were generated with.
@Schema(name = "UserResponse")
@Serdeable
record User(
        long id,
        String username,
        String email,
        boolean isActive,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        long version) {
}
