package dev.schemakit.service.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/**
 * The one line the service logs when it has started, at INFO:
 * {@code schemakit 0.1.0 started in 4.2 s on port 8080, database db.example:5432/app}. It replaces
 * Micronaut's own start-up line, and the data source's and Flyway's progress lines, which
 * logback.xml silences. The database is shown as host, port and name only: no user, no password,
 * no URL parameters.
 */
@Singleton
final class StartupLog {

    private static final Logger LOG = LoggerFactory.getLogger(StartupLog.class);

    /** Written by the build (resource filtering), so the jar and the tests both carry it. */
    private static final String BUILD_PROPERTIES = "/dev/schemakit/service/ops/build.properties";

    private final String databaseUrl;

    StartupLog(@Value("${datasources.default.url:}") String databaseUrl) {
        this.databaseUrl = databaseUrl;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        LOG.info("schemakit {} started in {} s on port {}, database {}", version(),
                String.format(Locale.ROOT, "%.1f", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0),
                event.getSource().getPort(), databaseAddress(databaseUrl));
    }

    /** The service's version as the build recorded it. */
    static String version() {
        try (InputStream in = StartupLog.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code host:port/database} of a JDBC URL such as
     * {@code jdbc:postgresql://user:secret@db.example:5432/app?password=secret}: everything after
     * {@code ?} and before {@code @} is dropped, since either may carry credentials. A URL of
     * another shape is reduced to its scheme.
     */
    static String databaseAddress(String jdbcUrl) {
        int scheme = jdbcUrl.indexOf("://");
        if (!jdbcUrl.startsWith("jdbc:") || scheme < 0) {
            int colon = jdbcUrl.indexOf(':', "jdbc:".length());
            return colon < 0 ? "(not configured)" : jdbcUrl.substring(0, colon);
        }
        String address = jdbcUrl.substring(scheme + 3);
        int query = address.indexOf('?');
        if (query >= 0) {
            address = address.substring(0, query);
        }
        int slash = address.indexOf('/');
        int at = address.lastIndexOf('@', slash < 0 ? address.length() : slash);
        return at < 0 ? address : address.substring(at + 1);
    }
}
