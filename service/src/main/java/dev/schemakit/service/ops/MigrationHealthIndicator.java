package dev.schemakit.service.ops;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

import io.micronaut.context.BeanContext;
import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.health.HealthStatus;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

/**
 * The {@code migrations} entry of {@code /health} and {@code /health/readiness}: for each data
 * source with a Flyway configuration ({@code flyway.datasources.<name>}), whether its database is
 * at the newest migration the service ships. UP when no migration is pending and none failed,
 * with details {@code {"<name>": {"version": "2"}}} ({@code version} absent while nothing
 * is applied); DOWN when any is, the details adding
 * {@code pending} and {@code failed}, each a list of versions. A database that cannot be read
 * makes it DOWN as well, with the error in the details.
 * <p>
 * It reads Flyway's view of the database itself rather than the {@link Flyway} bean that
 * micronaut-flyway registers, because that bean exists only when the migration at startup ran:
 * a service started with {@code flyway.datasources.default.enabled: false} against an older
 * database must report DOWN, not nothing.
 */
@Singleton
@Readiness
final class MigrationHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Map<String, Flyway> flywayByDataSource = new LinkedHashMap<>();

    MigrationHealthIndicator(List<FlywayConfigurationProperties> configurations, BeanContext beanContext) {
        for (FlywayConfigurationProperties configuration : configurations) {
            String name = configuration.getNameQualifier();
            beanContext.findBean(DataSource.class, Qualifiers.byName(name)).ifPresent(dataSource ->
            // A copy: the shared configuration is micronaut-flyway's to change.
            flywayByDataSource.put(name, Flyway.configure()
                    .configuration(configuration.getFluentConfiguration())
                    .dataSource(dataSource)
                    .load()));
        }
    }

    @Override
    protected String getName() {
        return "migrations";
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, Flyway> entry : flywayByDataSource.entrySet()) {
            MigrationInfoService info = entry.getValue().info();
            MigrationInfo current = info.current();
            List<String> pending = versions(info.pending());
            List<String> failed = versions(Arrays.stream(info.all())
                    .filter(migration -> migration.getState().isFailed())
                    .toArray(MigrationInfo[]::new));
            Map<String, Object> status = new LinkedHashMap<>();
            if (current != null) {
                status.put("version", current.getVersion().getVersion());
            }
            if (!pending.isEmpty()) {
                status.put("pending", pending);
            }
            if (!failed.isEmpty()) {
                status.put("failed", failed);
            }
            details.put(entry.getKey(), status);
            up &= pending.isEmpty() && failed.isEmpty();
        }
        healthStatus = up ? HealthStatus.UP : HealthStatus.DOWN;
        return details;
    }

    private static List<String> versions(MigrationInfo[] migrations) {
        return Arrays.stream(migrations)
                .map(migration -> migration.getVersion() == null
                        ? migration.getDescription()
                        : migration.getVersion().getVersion())
                .toList();
    }
}
