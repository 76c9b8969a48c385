package dev.schemakit.service.replica;

import java.util.concurrent.ExecutorService;

import javax.sql.DataSource;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.management.health.aggregator.HealthAggregator;
import io.micronaut.management.health.indicator.jdbc.JdbcIndicator;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The {@code jdbc} health entry of the primary alone. Micronaut's checks every data source, and
 * it counts towards readiness: a replica that is down would take every instance out of its load
 * balancer, although reads fall back to the primary and nothing fails.
 */
@Singleton
@Replaces(JdbcIndicator.class)
@Requires(property = "endpoints.health.jdbc.enabled", notEquals = "false")
final class PrimaryJdbcIndicator extends JdbcIndicator {

    PrimaryJdbcIndicator(@Named(TaskExecutors.BLOCKING) ExecutorService executorService, DataSource primary,
            @Nullable DataSourceResolver dataSourceResolver, HealthAggregator<?> healthAggregator) {
        super(executorService, new DataSource[] {primary}, dataSourceResolver, healthAggregator);
    }
}
