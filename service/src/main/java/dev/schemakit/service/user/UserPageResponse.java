package dev.schemakit.service.user;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One page of {@code GET /users}, ordered by id.
 *
 * @param items the users of this page; empty only when no user matches at all
 * @param next  the {@code after} value for the following page, or {@code null} (written as JSON
 *              null) on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record UserPageResponse(List<User> items, @Nullable String next) {

    /**
     * The page for {@code limit}, from users fetched with a limit of {@code limit + 1}: the extra
     * user is not returned, it only shows that a next page exists, so {@code next} never points at
     * an empty page.
     */
    static UserPageResponse of(List<User> fetched, int limit) {
        List<User> page = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        String next = fetched.size() > limit ? UserCursor.encode(page.get(page.size() - 1).id()) : null;
        return new UserPageResponse(page, next);
    }
}
