package dev.schemakit.service;

import static org.jooq.impl.SQLDataType.INTEGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;

/**
 * Starting the application migrates the database first; a failed migration stops the start, and
 * the failure is described in one message.
 */
@MicronautTest
class ApplicationTest extends PostgresTestSupport {

    @Inject
    DSLContext dsl;

    @Test
    void failsToStartWithFlywaysMessageWhenMigrationFails() {
        dsl.createDatabase("not_migratable").execute();
        Map<String, Object> database = Map.of(
                "datasources.default.url", postgres().getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/not_migratable$1"),
                "datasources.default.username", postgres().getUsername(),
                "datasources.default.password", postgres().getPassword());
        // Flyway refuses to migrate a schema that has tables but no migration history.
        Map<String, Object> withoutFlyway = new HashMap<>(database);
        withoutFlyway.put("flyway.datasources.default.enabled", false);
        try (ApplicationContext unmigrated = ApplicationContext.run(withoutFlyway)) {
            unmigrated.getBean(DSLContext.class).createTable("unrelated").column("id", INTEGER).execute();
        }

        Exception failure = assertThrows(Exception.class, () -> ApplicationContext.run(database).close());

        String message = Application.describe(failure);
        assertTrue(message.startsWith(
                "Database migration failed: Found non-empty schema(s) \"public\" but no schema history table."), message);
        assertFalse(message.contains("\tat "), message);
    }

    @Test
    void describesUnreachableDatabaseByTheDriversMessage() {
        Exception failure = new IllegalStateException("Error instantiating bean of type [javax.sql.DataSource]",
                new SQLException("Connection to db:5432 refused.", new ConnectException("Connection refused")));

        assertEquals("Cannot use the database: Connection to db:5432 refused.", Application.describe(failure));
    }
}
