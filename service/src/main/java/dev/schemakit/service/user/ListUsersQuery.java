package dev.schemakit.service.user;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.schemakit.service.problem.FieldError;
import dev.schemakit.service.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;

/**
 * The query parameters of {@code GET /users}, parsed.
 *
 * @param limit          page size, 1 to {@value #MAX_LIMIT}
 * @param afterId        return only users with a greater id, or {@code null} for the first page
 * @param active         return only users with this {@code isActive}, or {@code null} for all
 * @param usernamePrefix return only users whose username starts with it ignoring case (taken
 *                       literally: {@code _} and {@code %} are no wildcards), or {@code null}
 */
record ListUsersQuery(int limit, @Nullable Long afterId, @Nullable Boolean active, @Nullable String usernamePrefix) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /**
     * Parses the raw parameters; {@code null} means the parameter was not sent. An empty {@code q}
     * filters nothing.
     *
     * @throws ProblemException of {@code VALIDATION} naming every parameter that is invalid: {@code limit} not an
     *         integer from 1 to {@value #MAX_LIMIT}, {@code after} not a cursor this API returned,
     *         {@code active} neither {@code true} nor {@code false}, {@code q} containing the NUL
     *         character
     */
    static ListUsersQuery parse(@Nullable String limit, @Nullable String after, @Nullable String active,
            @Nullable String q) {
        List<FieldError> errors = new ArrayList<>();

        int pageSize = DEFAULT_LIMIT;
        if (limit != null) {
            pageSize = parseInt(limit);
            if (pageSize < 1 || pageSize > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
            }
        }

        Long afterId = null;
        if (after != null) {
            OptionalLong decoded = UserCursor.decode(after);
            if (decoded.isPresent()) {
                afterId = decoded.getAsLong();
            } else {
                errors.add(new FieldError("after", "must be the next cursor of a previous page"));
            }
        }

        Boolean activeFilter = null;
        if ("true".equals(active)) {
            activeFilter = Boolean.TRUE;
        } else if ("false".equals(active)) {
            activeFilter = Boolean.FALSE;
        } else if (active != null) {
            errors.add(new FieldError("active", "must be true or false"));
        }

        // PostgreSQL text cannot hold NUL: the driver would fail the query, and no username has one.
        if (q != null && q.indexOf('\u0000') >= 0) {
            errors.add(new FieldError("q", "must not contain the NUL character"));
        }

        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ListUsersQuery(pageSize, afterId, activeFilter, q == null || q.isEmpty() ? null : q);
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
