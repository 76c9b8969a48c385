package dev.schemakit.flyway;

import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The Flyway settings every schemakit run shares, whoever runs it: the Maven plugin's code
 * generation, the development commands, the service at start-up and its operator commands, and the
 * tests. Callers add what is theirs (the data source, the locations, a logger) to the configuration
 * this returns.
 */
public final class SchemakitFlyway {

    /**
     * Flyway's PostgreSQL setting for where it holds its advisory lock. Its default holds the lock in
     * a transaction that stays open for the whole run, and {@code CREATE INDEX CONCURRENTLY} (in a
     * migration with {@code executeInTransaction=false}) waits for every open transaction to end:
     * for that one, for ever. A session-level lock excludes other Flyways just as well.
     */
    static final String TRANSACTIONAL_LOCK = "flyway.postgresql.transactional.lock";

    private SchemakitFlyway() {
    }

    /** A configuration with the shared settings, loading migrations through the thread's class loader. */
    public static FluentConfiguration configure() {
        return apply(Flyway.configure());
    }

    /** A configuration with the shared settings, loading migrations through {@code classLoader}. */
    public static FluentConfiguration configure(ClassLoader classLoader) {
        return apply(Flyway.configure(classLoader));
    }

    /**
     * Applies the shared settings to {@code configuration}, keeping whatever else it holds, and
     * returns it:
     * <ul>
     * <li>the advisory lock per session, not per transaction (see {@link #TRANSACTIONAL_LOCK});
     * <li>a file in a migrations folder that is named almost but not quite like a migration
     * ({@code V5_add_bio.sql}) fails the run instead of being skipped without a word;
     * <li>{@code clean}, which drops every object, is refused.
     * </ul>
     */
    public static FluentConfiguration apply(FluentConfiguration configuration) {
        return configuration
                .configuration(Map.of(TRANSACTIONAL_LOCK, "false"))
                .validateMigrationNaming(true)
                .cleanDisabled(true);
    }
}
