package dev.schemakit.model;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One PostgreSQL container for the whole test run of this module, started on first use.
 * Testcontainers removes it when the JVM ends (Ryuk, or its shutdown hook where Ryuk is off).
 */
final class TestDatabase {

    private static PostgreSQLContainer container;

    private TestDatabase() {
    }

    static synchronized PostgreSQLContainer server() {
        if (container == null) {
            String image = System.getProperty("postgres.image", "postgres:17");
            container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
            container.start();
        }
        return container;
    }

    /** A new, empty database on the shared server, so tests do not see each other's schema. */
    static String createDatabase(String name) throws SQLException {
        try (Connection connection = connect(server().getJdbcUrl())) {
            DSL.using(connection).dropDatabaseIfExists(DSL.name(name)).execute();
            DSL.using(connection).createDatabase(DSL.name(name)).execute();
        }
        return server().getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
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
