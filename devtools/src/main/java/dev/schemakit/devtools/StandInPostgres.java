package dev.schemakit.devtools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** A PostgreSQL container to create throwaway databases on. */
public final class StandInPostgres implements AutoCloseable {

    private final PostgreSQLContainer container;

    private StandInPostgres(PostgreSQLContainer container) {
        this.container = container;
    }

    public static StandInPostgres start() {
        PostgreSQLContainer container = new PostgreSQLContainer(
                DockerImageName.parse(System.getProperty("postgres.image", "postgres:17")).asCompatibleSubstituteFor("postgres"));
        container.start();
        return new StandInPostgres(container);
    }

    /** Creates an empty database; returns its JDBC URL. */
    public String createDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(container.getJdbcUrl(), getUsername(), getPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return container.getJdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    public String getUsername() {
        return container.getUsername();
    }

    public String getPassword() {
        return container.getPassword();
    }

    public String getDescription() {
        return "a PostgreSQL container (" + container.getDockerImageName() + ")";
    }

    @Override
    public void close() {
        container.stop();
    }
}
