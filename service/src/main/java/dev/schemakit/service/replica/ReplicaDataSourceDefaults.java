package dev.schemakit.service.replica;

import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Settings of the {@code replica} data source that differ from the primary's, applied wherever
 * the operator left HikariCP's default (only the URL and credentials need to be given, as
 * {@code DATASOURCES_REPLICA_URL}, {@code _USERNAME}, {@code _PASSWORD}). They live here rather
 * than in application.yml because any {@code datasources.replica.*} key there would create the
 * data source even when no replica is configured.
 * <ul>
 *   <li>{@code initialization-fail-timeout: -1}: the pool starts without a connection, so a
 *       replica that cannot be reached does not stop the service from starting.
 *   <li>{@code connection-timeout: 250ms} (HikariCP's least) and pgjdbc's {@code connectTimeout}
 *       and {@code loginTimeout} of 1 s: a dead replica is found out quickly; reads meanwhile go to
 *       the primary (see {@link ReplicaReads}).
 *   <li>{@code socketTimeout} 2 s and {@code statement_timeout} 1.5 s, as on the primary.
 * </ul>
 */
@Singleton
final class ReplicaDataSourceDefaults implements BeanCreatedEventListener<DatasourceConfiguration> {

    static final String NAME = "replica";

    private static final HikariConfig HIKARI_DEFAULTS = new HikariConfig();

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration configuration = event.getBean();
        if (!NAME.equals(configuration.getName())) {
            return configuration;
        }
        if (configuration.getInitializationFailTimeout() == HIKARI_DEFAULTS.getInitializationFailTimeout()) {
            configuration.setInitializationFailTimeout(-1);
        }
        if (configuration.getConnectionTimeout() == HIKARI_DEFAULTS.getConnectionTimeout()) {
            configuration.setConnectionTimeout(250);
        }
        if (configuration.getValidationTimeout() == HIKARI_DEFAULTS.getValidationTimeout()) {
            configuration.setValidationTimeout(1000);
        }
        if (configuration.getMaximumPoolSize() == HIKARI_DEFAULTS.getMaximumPoolSize()) {
            configuration.setMaximumPoolSize(5);
        }
        Properties driver = configuration.getDataSourceProperties();
        driver.putIfAbsent("connectTimeout", "1");
        driver.putIfAbsent("loginTimeout", "1");
        driver.putIfAbsent("socketTimeout", "2");
        driver.putIfAbsent("options", "-c statement_timeout=1500");
        return configuration;
    }
}
