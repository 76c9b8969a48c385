package dev.schemakit.service.ops;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.schemakit.service.ApiTestSupport;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

/**
 * What {@code /health} tells a caller allowed to see details (anonymous ones here, so the test does
 * not depend on authentication): the database answers and is at the newest migration.
 */
@MicronautTest
@Property(name = "endpoints.health.details-visible", value = "ANONYMOUS")
class HealthDetailsTest extends ApiTestSupport {

    @Test
    void detailsShowTheDatabaseUp() {
        JsonNode details = upDetails(api.get("/health"));

        JsonNode jdbc = details.get("jdbc");
        assertEquals("UP", jdbc.get("status").getStringValue(), jdbc::toString);
        JsonNode database = jdbc.get("details").get(postgres().getJdbcUrl());
        assertEquals("PostgreSQL", database.get("details").get("database").getStringValue(), jdbc::toString);
    }

    @Test
    void detailsShowTheMigrationsUpAtTheNewestVersion() {
        // The newest version the service applied at startup, whichever that is by now.
        String newest = dsl.select(field(name("version"), String.class))
                .from(table(name("flyway_schema_history")))
                .orderBy(field(name("installed_rank")).desc())
                .limit(1)
                .fetchSingle(0, String.class);

        assertEquals(api.parse("""
                {"name": "schemakit", "status": "UP", "details": {"default": {"version": "%s"}}}
                """.formatted(newest)), upDetails(api.get("/health")).get("migrations"));
    }

    @Test
    void readinessIncludesTheDatabaseAndTheMigrations() {
        JsonNode details = upDetails(api.get("/health/readiness"));

        assertEquals("UP", details.get("jdbc").get("status").getStringValue(), details::toString);
        assertEquals("UP", details.get("migrations").get("status").getStringValue(), details::toString);
    }

    private JsonNode upDetails(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        JsonNode body = api.json(response);
        assertEquals("UP", body.get("status").getStringValue(), response::body);
        return body.get("details");
    }
}
