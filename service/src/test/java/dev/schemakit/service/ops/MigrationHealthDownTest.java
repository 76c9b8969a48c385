package dev.schemakit.service.ops;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.flywaydb.core.api.MigrationInfo;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import dev.schemakit.service.Api;
import dev.schemakit.service.PostgresTestSupport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import dev.schemakit.flyway.SchemakitFlyway;

/**
 * A service whose database is behind the migrations it ships is not ready: {@code /health} and
 * {@code /health/readiness} answer 503 with {@code migrations} DOWN naming the versions, while
 * {@code /health/liveness} stays UP (restarting would not help). Each test runs a second service,
 * with the migration at startup switched off, against a database of its own that Flyway left at
 * V1.
 */
@MicronautTest
class MigrationHealthDownTest extends PostgresTestSupport {

    @Inject
    DSLContext dsl;

    @Test
    void pendingMigrationMakesReadinessDown() {
        String url = databaseAtVersion1("health_pending");
        String pending = laterVersions(url);

        try (EmbeddedServer server = serviceWithoutMigrationAtStartup(url)) {
            Api api = new Api(server, server.getApplicationContext().getBean(JsonMapper.class));

            JsonNode health = assertDown(api, "/health");
            assertEquals(api.parse("""
                    {"name": "schemakit", "status": "DOWN", "details": {"default": {"version": "1", "pending": [%s]}}}
                    """.formatted(pending)), health.get("details").get("migrations"));
            assertEquals("UP", health.get("details").get("jdbc").get("status").getStringValue());
            assertEquals("DOWN", assertDown(api, "/health/readiness")
                    .get("details").get("migrations").get("status").getStringValue());
            assertEquals(200, api.get("/health/liveness").statusCode());
        }
    }

    @Test
    void failedMigrationMakesHealthDown() {
        String url = databaseAtVersion1("health_failed");
        String pending = laterVersions(url);
        // PostgreSQL rolls a failed migration back, so Flyway records a failure only on databases
        // without transactional DDL; the history row is what it reads either way.
        try (ApplicationContext context = ApplicationContext.run(withoutMigrationAtStartup(url))) {
            context.getBean(DSLContext.class)
                    .update(table(name("flyway_schema_history")))
                    .set(field(name("success"), Boolean.class), false)
                    .where(field(name("version"), String.class).eq("1"))
                    .execute();
        }

        try (EmbeddedServer server = serviceWithoutMigrationAtStartup(url)) {
            Api api = new Api(server, server.getApplicationContext().getBean(JsonMapper.class));

            assertEquals(api.parse("""
                    {"name": "schemakit", "status": "DOWN",
                     "details": {"default": {"version": "1", "pending": [%s], "failed": ["1"]}}}
                    """.formatted(pending)), assertDown(api, "/health").get("details").get("migrations"));
        }
    }

    private String databaseAtVersion1(String database) {
        dsl.createDatabase(database).execute();
        String url = postgres().getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        SchemakitFlyway.configure()
                .dataSource(url, postgres().getUsername(), postgres().getPassword())
                .locations("classpath:db/migration")
                .target("1")
                .load()
                .migrate();
        return url;
    }

    /** The versions the service ships after V1, as a JSON list's elements: "2", "3", ... */
    private static String laterVersions(String url) {
        MigrationInfo[] pending = SchemakitFlyway.configure()
                .dataSource(url, postgres().getUsername(), postgres().getPassword())
                .locations("classpath:db/migration")
                .load()
                .info()
                .pending();
        assertTrue(pending.length > 0, "the service ships migrations after V1");
        return Arrays.stream(pending)
                .map(migration -> '"' + migration.getVersion().getVersion() + '"')
                .collect(Collectors.joining(", "));
    }

    private static EmbeddedServer serviceWithoutMigrationAtStartup(String url) {
        return ApplicationContext.run(EmbeddedServer.class, withoutMigrationAtStartup(url));
    }

    private static Map<String, Object> withoutMigrationAtStartup(String url) {
        return Map.of(
                "datasources.default.url", url,
                "datasources.default.username", postgres().getUsername(),
                "datasources.default.password", postgres().getPassword(),
                "flyway.datasources.default.enabled", false,
                "endpoints.health.details-visible", "ANONYMOUS");
    }

    private static JsonNode assertDown(Api api, String path) {
        var response = api.get(path);
        assertEquals(503, response.statusCode(), response::body);
        JsonNode body = api.json(response);
        assertEquals("DOWN", body.get("status").getStringValue(), response::body);
        return body;
    }
}
