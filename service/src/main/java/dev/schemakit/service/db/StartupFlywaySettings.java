package dev.schemakit.service.db;

import dev.schemakit.flyway.SchemakitFlyway;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.flyway.FlywayConfigurationProperties;
import jakarta.inject.Singleton;

/**
 * The migration at start-up (micronaut-flyway's, configured under {@code flyway.datasources.*})
 * runs with the settings every schemakit Flyway shares, as the {@code db} commands and the build
 * do: among them the per-session lock without which a {@code CREATE INDEX CONCURRENTLY} migration
 * would wait for ever.
 */
@Singleton
final class StartupFlywaySettings implements BeanCreatedEventListener<FlywayConfigurationProperties> {

    @Override
    public FlywayConfigurationProperties onCreated(BeanCreatedEvent<FlywayConfigurationProperties> event) {
        SchemakitFlyway.apply(event.getBean().getFluentConfiguration());
        return event.getBean();
    }
}
