package dev.schemakit.service;

import static dev.schemakit.model.Tables.USERS;

import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;

/**
 * Base of the HTTP tests: the running server behind an {@link Api}, and the application's
 * {@link DSLContext} to set up and check rows. Every test starts with no users.
 */
public abstract class ApiTestSupport extends PostgresTestSupport {

    @Inject
    protected EmbeddedServer server;

    @Inject
    protected JsonMapper jsonMapper;

    @Inject
    protected DSLContext dsl;

    protected Api api;

    @BeforeEach
    void startWithNoUsers() {
        api = new Api(server, jsonMapper);
        dsl.deleteFrom(USERS).execute();
    }
}
