package dev.schemakit.model;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import dev.schemakit.flyway.SchemakitFlyway;
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

    /** A new database on the shared server with every migration applied. */
    static String migratedDatabase(String name) {
        String url = server().createDatabase(name);
        SchemakitFlyway.configure(TestDatabase.class.getClassLoader())
                .dataSource(url, server().getUsername(), server().getPassword())
                .load()
                .migrate();
        return url;
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, server().getUsername(), server().getPassword());
    }

    static DSLContext dsl(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }
}
