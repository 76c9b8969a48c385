package dev.schemakit.service.user;

import java.time.OffsetDateTime;

import io.micronaut.core.annotation.Nullable;
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
 * @param subject   the bearer-token subject that owns the user, or {@code null} (left out of the JSON)
 *                  when no caller does
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
        long version,
        @Nullable @Schema(description = "The bearer-token subject (`sub`) that owns this user: a token for it with "
                + "`users:write` may change and delete the user. Absent when no caller owns the user.",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED) String subject) {

    /** Whether {@code subject} owns this user. */
    boolean isOwnedBy(String subject) {
        return subject.equals(this.subject);
    }
}
