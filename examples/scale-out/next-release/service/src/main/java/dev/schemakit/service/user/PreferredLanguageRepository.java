package dev.schemakit.service.user;

import static dev.schemakit.model.Tables.USERS;
import static org.jooq.impl.DSL.currentOffsetDateTime;

import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.Record1;

import jakarta.inject.Singleton;

/**
 * The {@code preferred_language} column of {@code users}, through the generated jOOQ classes. Reads
 * and writes go to the primary: the column is read right after it is set, and a replica may not
 * have it yet.
 */
@Singleton
class PreferredLanguageRepository {

    private final DSLContext dsl;

    PreferredLanguageRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The language of the user with {@code id}, or empty if there is no such user. */
    Optional<String> find(long id) {
        return dsl.select(USERS.PREFERRED_LANGUAGE)
                .from(USERS)
                .where(USERS.ID.eq(id))
                .fetchOptional(Record1::value1);
    }

    /**
     * Sets the language of the user with {@code id}, moves {@code updated_at} to now and
     * increments {@code version}, in one statement.
     *
     * @return the language as stored, or empty if there is no user with {@code id}
     */
    Optional<String> update(long id, String language) {
        return dsl.update(USERS)
                .set(USERS.PREFERRED_LANGUAGE, language)
                .set(USERS.UPDATED_AT, currentOffsetDateTime())
                .set(USERS.VERSION, USERS.VERSION.plus(1))
                .where(USERS.ID.eq(id))
                .returningResult(USERS.PREFERRED_LANGUAGE)
                .fetchOptional(Record1::value1);
    }
}
