package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;

import java.util.List;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.SelectField;
import org.jooq.SelectJoinStep;
import org.jooq.UpdateSetMoreStep;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import dev.schemakit.model.tables.records.UsersRecord;
import dev.schemakit.service.problem.FieldError;
import dev.schemakit.service.problem.ProblemException;
import dev.schemakit.service.problem.ProblemType;
import dev.schemakit.service.replica.ConsistencyToken;
import dev.schemakit.service.replica.ReplicaReads;
import dev.schemakit.service.security.AccessPolicy;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The {@code users} table, through the generated jOOQ classes. Every change is one statement in
 * its own transaction (auto-commit). Uniqueness of username and email, ignoring case, is left to
 * the database's unique indexes: a violation surfaces as a {@link ProblemType#DUPLICATE_USER} problem.
 * <p>
 * Conditional writes ({@code If-Match}) put the version check in the {@code WHERE} clause of the
 * {@code UPDATE} or {@code DELETE} itself, so two writers holding the same version cannot both
 * succeed: the second one's statement waits for the first one's row lock, then re-reads the row,
 * finds the new version and matches nothing. Only when it matched nothing does a second query
 * tell a missing user from one at another version.
 * <p>
 * Reads for the API ({@link #findById(long, Optional)}, {@link #findPage}) may be served by a
 * replica; see {@link ReplicaReads}. Writes, and the reads a write relies on, use the primary.
 */
@Singleton
class UserRepository {

    // SQLSTATE unique_violation.
    private static final String UNIQUE_VIOLATION = "23505";
    // jOOQ does not generate expression indexes (lower(...)), so their names are not in Indexes.
    private static final String USERNAME_KEY = "users_username_lower_key";
    private static final String EMAIL_KEY = "users_email_lower_key";
    private static final String SUBJECT_KEY = "users_subject_key";

    /** A user's eight columns in the order of {@link User}'s components, read as a {@link User}. */
    private static final SelectField<User> USER = row(USERS.ID, USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE,
            USERS.CREATED_AT, USERS.UPDATED_AT, USERS.VERSION, USERS.SUBJECT).mapping(User::new);

    private final DSLContext dsl;
    private final ReplicaReads reads;

    UserRepository(DSLContext dsl, ReplicaReads reads) {
        this.dsl = dsl;
        this.reads = reads;
    }

    /**
     * Inserts a user owned by {@code subject}; the database assigns id and timestamps.
     *
     * @param subject the owner, or {@code null} for none
     * @throws ProblemException of {@link ProblemType#DUPLICATE_USER} if the username or email is
     *         taken, ignoring case, or another user has {@code subject}
     */
    User insert(CreateUserRequest request, @Nullable String subject) {
        try {
            return dsl.insertInto(USERS)
                    .columns(USERS.USERNAME, USERS.EMAIL, USERS.IS_ACTIVE, USERS.SUBJECT)
                    .values(request.username(), request.email(), request.isActive(), subject)
                    .returningResult(USER)
                    .fetchSingle(Record1::value1);
        } catch (DataAccessException e) {
            throw translate(e);
        }
    }

    /** The user with {@code id} on the primary, or empty if there is none. */
    Optional<User> findById(long id) {
        return findById(dsl, id);
    }

    /**
     * The user with {@code id}, or empty if there is none, read where {@code token} allows: at
     * least as new as the write that returned it.
     */
    Optional<User> findById(long id, Optional<ConsistencyToken> token) {
        return reads.read(token, database -> findById(database, id));
    }

    private static Optional<User> findById(DSLContext database, long id) {
        return selectUsers(database)
                .where(USERS.ID.eq(id))
                .fetchOptional(Record1::value1);
    }

    /**
     * At most {@code limit} users matching {@code query}'s filters, ordered by id, starting after
     * {@code query.afterId()}. {@code query.limit()} is not used: callers pass one more than the page
     * size to learn whether a next page exists. Read where {@code token} allows, as
     * {@link #findById(long, Optional)}. With {@code ownedBy}, only the user that subject owns.
     */
    List<User> findPage(ListUsersQuery query, int limit, Optional<ConsistencyToken> token,
            Optional<String> ownedBy) {
        Condition condition = ownedBy.map(USERS.SUBJECT::eq).orElse(noCondition());
        if (query.afterId() != null) {
            condition = condition.and(USERS.ID.gt(query.afterId()));
        }
        if (query.active() != null) {
            condition = condition.and(USERS.IS_ACTIVE.eq(query.active()));
        }
        if (query.usernamePrefix() != null) {
            // lower(username) LIKE lower(?) || '%', which the index users_username_lower_pattern_idx
            // (V4) serves; startsWithIgnoreCase would render ILIKE, which no index serves. jOOQ
            // escapes the bind value, so _ and % in it match themselves.
            condition = condition.and(lower(USERS.USERNAME).startsWith(lower(val(query.usernamePrefix()))));
        }
        Condition where = condition;
        return reads.read(token, database -> selectUsers(database)
                .where(where)
                .orderBy(USERS.ID)
                .limit(limit)
                .fetch(Record1::value1));
    }

    /**
     * If the user's version matches {@code ifMatch}, applies the fields {@code patch} sets, moves
     * {@code updated_at} to now and increments {@code version}, in one statement. An empty patch
     * changes nothing, not even {@code updated_at} or {@code version}, but is still refused when
     * the version does not match.
     *
     * @param ifMatch {@link EntityTags#ANY} for an unconditional update
     * @param owner   the subject that must own the user for the update to happen, or empty when any
     *                caller may (the admin scope)
     * @return the user as it is afterwards, or empty if there is no user with {@code id}
     * @throws ProblemException of {@link ProblemType#NOT_OWNER} if {@code owner} does not own the
     *         user, of {@link ProblemType#PRECONDITION_FAILED} if the user exists at a version
     *         {@code ifMatch} does not name, of {@link ProblemType#DUPLICATE_USER} if the new username
     *         or email is taken, ignoring case, or the new subject owns another user
     */
    Optional<User> update(long id, UpdateUserRequest patch, EntityTags ifMatch, Optional<String> owner) {
        if (patch.isEmpty()) {
            // Nothing is written, so reading and then comparing cannot lose an update.
            Optional<User> user = findById(id);
            if (user.isPresent() && owner.isPresent() && !user.get().isOwnedBy(owner.get())) {
                throw notOwner();
            }
            if (user.isPresent() && !ifMatch.matchesStrongly(user.get().version())) {
                throw versionMismatch();
            }
            return user;
        }
        UpdateSetMoreStep<UsersRecord> update = dsl.update(USERS)
                .set(USERS.UPDATED_AT, currentOffsetDateTime())
                .set(USERS.VERSION, USERS.VERSION.plus(1));
        if (patch.username() != null) {
            update = update.set(USERS.USERNAME, patch.username());
        }
        if (patch.email() != null) {
            update = update.set(USERS.EMAIL, patch.email());
        }
        if (patch.isActive() != null) {
            update = update.set(USERS.IS_ACTIVE, patch.isActive());
        }
        if (patch.subject() != null || patch.unlinkSubject()) {
            update = update.set(USERS.SUBJECT, patch.subject());
        }
        Optional<User> updated;
        try {
            updated = update
                    .where(USERS.ID.eq(id))
                    .and(ownedBy(owner))
                    .and(versionMatches(ifMatch))
                    .returningResult(USER)
                    .fetchOptional(Record1::value1);
        } catch (DataAccessException e) {
            throw translate(e);
        }
        if (updated.isEmpty()) {
            throwIfExists(id, ifMatch, owner);
        }
        return updated;
    }

    /**
     * Deletes the user with {@code id} if its version matches {@code ifMatch}.
     *
     * @param ifMatch {@link EntityTags#ANY} for an unconditional delete
     * @param owner   the subject that must own the user, or empty when any caller may
     * @return {@code false} if there was no user with {@code id}
     * @throws ProblemException of {@link ProblemType#NOT_OWNER} if {@code owner} does not own the
     *         user, of {@link ProblemType#PRECONDITION_FAILED} if the user exists at a version
     *         {@code ifMatch} does not name
     */
    boolean delete(long id, EntityTags ifMatch, Optional<String> owner) {
        boolean deleted = dsl.deleteFrom(USERS)
                .where(USERS.ID.eq(id))
                .and(ownedBy(owner))
                .and(versionMatches(ifMatch))
                .execute() > 0;
        if (!deleted) {
            throwIfExists(id, ifMatch, owner);
        }
        return deleted;
    }

    /** Whether {@code subject} owns the user with {@code id}, on the primary. */
    boolean isOwnedBy(long id, String subject) {
        return dsl.fetchExists(USERS, USERS.ID.eq(id).and(USERS.SUBJECT.eq(subject)));
    }

    /** No condition for a caller that may change any user; else the user must be {@code owner}'s. */
    private static Condition ownedBy(Optional<String> owner) {
        return owner.map(USERS.SUBJECT::eq).orElse(noCondition());
    }

    /** {@code *} matches any version; tags that name no version make the condition false. */
    private static Condition versionMatches(EntityTags ifMatch) {
        return ifMatch.isAny() ? noCondition() : USERS.VERSION.in(ifMatch.strongVersions());
    }

    /**
     * After a conditional write matched no row: the user is missing (the caller answers 404),
     * exists with another owner than {@code owner}, or exists at another version.
     */
    private void throwIfExists(long id, EntityTags ifMatch, Optional<String> owner) {
        if (ifMatch.isAny() && owner.isEmpty()) {
            return;
        }
        Optional<User> user = findById(id);
        if (user.isPresent() && owner.isPresent() && !user.get().isOwnedBy(owner.get())) {
            throw notOwner();
        }
        if (user.isPresent() && !ifMatch.isAny()) {
            throw versionMismatch();
        }
    }

    /** The refusal of a change by a caller that does not own the user and lacks the admin scope. */
    static ProblemException notOwner() {
        return new ProblemException(ProblemType.NOT_OWNER, "Only the user's owner, or a token with the scope "
                + AccessPolicy.ADMIN + ", may change or delete it; this token's subject does not own it.");
    }

    private static ProblemException versionMismatch() {
        return new ProblemException(ProblemType.PRECONDITION_FAILED, "The user's current version is not one named in"
                + " If-Match; nothing was changed. Fetch the user again for its current ETag.");
    }

    private static SelectJoinStep<Record1<User>> selectUsers(DSLContext database) {
        return database.select(USER).from(USERS);
    }

    /**
     * A {@link ProblemType#DUPLICATE_USER} problem for a violation of one of the two unique indexes,
     * else {@code e}.
     */
    private static RuntimeException translate(DataAccessException e) {
        if (!UNIQUE_VIOLATION.equals(e.sqlState())) {
            return e;
        }
        PSQLException psql = e.getCause(PSQLException.class);
        ServerErrorMessage message = psql == null ? null : psql.getServerErrorMessage();
        String constraint = message == null ? null : message.getConstraint();
        if (USERNAME_KEY.equals(constraint)) {
            return duplicate("username");
        }
        if (EMAIL_KEY.equals(constraint)) {
            return duplicate("email");
        }
        if (SUBJECT_KEY.equals(constraint)) {
            return new ProblemException(ProblemType.DUPLICATE_USER,
                    "Another user is already linked to this subject; a subject owns at most one user.",
                    List.of(new FieldError("subject", "is already taken")));
        }
        return e;
    }

    /** Names the field in {@code detail} and in {@code errors}, without repeating the value. */
    private static ProblemException duplicate(String field) {
        return new ProblemException(ProblemType.DUPLICATE_USER,
                "Another user already has this " + field + " (compared ignoring case).",
                List.of(new FieldError(field, "is already taken")));
    }
}
