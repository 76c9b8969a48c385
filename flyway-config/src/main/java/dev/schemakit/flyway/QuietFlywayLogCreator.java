package dev.schemakit.flyway;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Flyway's log for callers that print their own summary (the plugin and the {@code db} commands):
 * its warnings go to stderr, its progress messages nowhere. Errors are not logged either: Flyway
 * also throws them, and the caller reports them once. Named in
 * {@code Flyway.configure().loggers(...)}, which instantiates it by its class name, hence public with
 * a public constructor.
 */
public final class QuietFlywayLogCreator implements LogCreator {

    @Override
    public Log createLogger(Class<?> clazz) {
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public void debug(String message) {
            }

            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                System.err.println("flyway warning: " + message);
            }

            @Override
            public void error(String message) {
            }

            @Override
            public void error(String message, Exception e) {
            }

            @Override
            public void notice(String message) {
            }
        };
    }
}
