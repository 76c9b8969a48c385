package dev.schemakit.model;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import dev.schemakit.throwaway.ThrowawayPostgres;

/**
 * One throwaway PostgreSQL for the whole test run of this module, started on first use and
 * removed when the JVM ends.
 */
final class TestDatabase {

    private static ThrowawayPostgres server;

    private TestDatabase() {
    }

    static synchronized ThrowawayPostgres server() {
        if (server == null) {
            server = ThrowawayPostgres.start();
        }
        return server;
    }

    /** A new, empty database on the shared server, so tests do not see each other's schema. */
    static String createDatabase(String name) {
        return server().createDatabase(name);
    }

    /** A new database on the shared server with every migration applied. */
    static String migratedDatabase(String name) throws SQLException {
        String url = createDatabase(name);
        flyway(url, "latest").migrate();
        return url;
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, server().getUsername(), server().getPassword());
    }

    static DSLContext dsl(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }

    /** Flyway over the schema module's migrations, the files the codegen applies too. */
    static Flyway flyway(String url, String target) {
        return Flyway.configure()
                .dataSource(url, server().getUsername(), server().getPassword())
                .locations("filesystem:" + System.getProperty("codegen.migrations"))
                .target(target)
                .load();
    }
}
