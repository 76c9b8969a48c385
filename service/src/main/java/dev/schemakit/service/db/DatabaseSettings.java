package dev.schemakit.service.db;

import java.util.List;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;

/**
 * Where the {@code db} commands find the database and the migrations: the service's own
 * configuration ({@code datasources.default.*}, {@code flyway.datasources.default.locations}),
 * read from application.yml, system properties and environment variables such as
 * {@code DATASOURCES_DEFAULT_URL}, exactly as the service reads it.
 *
 * @param password {@code null} when none is configured
 * @param migrationLocations Flyway locations such as {@code classpath:db/migration}
 * @param urlGiven false when the URL is application.yml's default (localhost:5432/postgres), which
 *                 on a developer machine can be a server nobody meant; true when it was set in the
 *                 environment or a system property
 */
record DatabaseSettings(String url, String username, String password, List<String> migrationLocations,
        boolean urlGiven) {

    /** Settings whose URL was given. */
    DatabaseSettings(String url, String username, String password, List<String> migrationLocations) {
        this(url, username, password, migrationLocations, true);
    }

    /** The database as the commands name it: {@code jdbc:postgresql://host:5432/name as user}. */
    String describe() {
        return url + (username == null ? "" : " as " + username);
    }

    /**
     * Reads the settings through Micronaut's environment only: no bean is created, so neither the
     * data source nor micronaut-flyway (which would migrate) nor the HTTP server starts.
     */
    static DatabaseSettings fromConfiguration() {
        Environment environment = ApplicationContext.builder().build().getEnvironment().start();
        try {
            return new DatabaseSettings(
                    environment.getProperty("datasources.default.url", String.class)
                            .orElseThrow(() -> new DbCommandException(
                                    "No database is configured: set DATASOURCES_DEFAULT_URL (datasources.default.url).")),
                    environment.getProperty("datasources.default.username", String.class).orElse(null),
                    environment.getProperty("datasources.default.password", String.class).orElse(null),
                    List.of(environment.getProperty("flyway.datasources.default.locations", String[].class)
                            .orElse(new String[] {Migrations.DEFAULT_LOCATION})),
                    System.getenv("DATASOURCES_DEFAULT_URL") != null
                            || System.getProperty("datasources.default.url") != null);
        } finally {
            environment.stop();
        }
    }
}
