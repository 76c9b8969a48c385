package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.noCondition;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record6;
import org.jooq.SelectJoinStep;
import org.jooq.UpdateSetMoreStep;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import dev.schemakit.model.tables.records.UsersRecord;
import jakarta.inject.Singleton;

/**
 * The {@code users} table, through the generated jOOQ classes. Every method is one statement in
 * its own transaction (auto-commit). Uniqueness of username and email, ignoring case, is left to
 * the database's unique indexes: a violation surfaces as {@link DuplicateUserException}.
 */
@Singleton
class UserRepository {

    // SQLSTATE unique_violation.
    private static final String UNIQUE_VIOLATION = "23505";
    // jOOQ does not generate expression indexes (lower(...)), so their names are not in Indexes.
    private static final String USERNAME_KEY = "users_username_lower_key";
    private static final String EMAIL_KEY = "users_email_lower_key";

    private final DSLContext dsl;

    UserRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Inserts a user; the database assigns id and timestamps.
     *
     * @throws DuplicateUserException if the username or email is taken, ignoring case
     */
    User insert(CreateUserRequest request) {
        try {
            return dsl.insertInto(USERS)
                    .columns(USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE)
                    .values(request.username(), request.email(), request.isActive())
                    .returningResult(USERS.ID, USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE,
                            USERS.CREATED_AT, USERS.UPDATED_AT)
                    .fetchSingle(mapping(User::new));
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    /** The user with {@code id}, or empty if there is none. */
    Optional<User> findById(long id) {
        return selectUsers()
                .where(USERS.ID.eq(id))
                .fetchOptional(mapping(User::new));
    }

    /**
     * At most {@code limit} users matching {@code query}'s filters, ordered by id, starting after
     * {@code query.afterId()}. {@code query.limit()} is not used: callers pass one more than the page
     * size to learn whether a next page exists.
     */
    List<User> findPage(ListUsersQuery query, int limit) {
        Condition condition = noCondition();
        if (query.afterId() != null) {
            condition = condition.and(USERS.ID.gt(query.afterId()));
        }
        if (query.active() != null) {
            condition = condition.and(USERS.IS_ACTIVE.eq(query.active()));
        }
        if (query.usernamePrefix() != null) {
            // A bind value in startsWith is escaped by jOOQ, so _ and % in it match themselves.
            condition = condition.and(USERS.USERNAME.startsWithIgnoreCase(query.usernamePrefix()));
        }
        return selectUsers()
                .where(condition)
                .orderBy(USERS.ID)
                .limit(limit)
                .fetch(mapping(User::new));
    }

    /**
     * Applies the fields {@code patch} sets and moves {@code updated_at} to now. An empty patch
     * changes nothing, not even {@code updated_at}.
     *
     * @return the user as it is afterwards, or empty if there is no user with {@code id}
     * @throws DuplicateUserException if the new username or email is taken, ignoring case
     */
    Optional<User> update(long id, UpdateUserRequest patch) {
        if (patch.isEmpty()) {
            return findById(id);
        }
        UpdateSetMoreStep<UsersRecord> update = dsl.update(USERS)
                .set(USERS.UPDATED_AT, currentOffsetDateTime());
        if (patch.username() != null) {
            update = update.set(USERS.USERNAME, patch.username());
        }
        if (patch.email() != null) {
            update = update.set(USERS.EMAIL, patch.email());
        }
        if (patch.isActive() != null) {
            update = update.set(USERS.IS_ACTIVE, patch.isActive());
        }
        try {
            return update
                    .where(USERS.ID.eq(id))
                    .returningResult(USERS.ID, USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE,
                            USERS.CREATED_AT, USERS.UPDATED_AT)
                    .fetchOptional(mapping(User::new));
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    /** Deletes the user with {@code id}; {@code false} if there was none. */
    boolean delete(long id) {
        return dsl.deleteFrom(USERS)
                .where(USERS.ID.eq(id))
                .execute() > 0;
    }

    private SelectJoinStep<Record6<Long, String, String, Boolean, OffsetDateTime, OffsetDateTime>> selectUsers() {
        return dsl.select(USERS.ID, USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE,
                        USERS.CREATED_AT, USERS.UPDATED_AT)
                .from(USERS);
    }

    /** A {@link DuplicateUserException} for a violation of one of the two unique indexes, else {@code e}. */
    private static RuntimeException translate(DataAccessException e) {
        if (!UNIQUE_VIOLATION.equals(e.sqlState())) {
            return e;
        }
        PSQLException psql = e.getCause(PSQLException.class);
        ServerErrorMessage message = psql == null ? null : psql.getServerErrorMessage();
        String constraint = message == null ? null : message.getConstraint();
        if (USERNAME_KEY.equals(constraint)) {
            return new DuplicateUserException("username", e);
        }
        if (EMAIL_KEY.equals(constraint)) {
            return new DuplicateUserException("email", e);
        }
        return e;
    }
}
