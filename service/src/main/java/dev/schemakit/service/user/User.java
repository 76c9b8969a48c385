package dev.schemakit.service.user;

import java.time.OffsetDateTime;

/**
 * A row of {@code users} as the repository hands it out. Components are in the order the
 * repository selects the columns, so {@code Records.mapping(User::new)} maps a row.
 *
 * @param id        assigned by the database
 * @param username  unique ignoring case
 * @param email     unique ignoring case
 * @param isActive  false for a deactivated user
 * @param createdAt when the row was inserted
 * @param updatedAt when the row was last changed
 * @param version   1 when inserted, incremented by every update
 */
record User(
        long id,
        String username,
        String email,
        boolean isActive,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        long version) {
}
