package dev.schemakit.service.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.schemakit.service.PostgresTestSupport;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * The line an operator reads when the service has started: the version, the port and the
 * database, never its credentials.
 */
class StartupLogTest extends PostgresTestSupport {

    @Test
    void logsVersionPortAndDatabaseWithoutCredentials() {
        Logger logger = (Logger) LoggerFactory.getLogger(StartupLog.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        String url = postgres().getJdbcUrl();
        int port;
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url",
                url + (url.contains("?") ? "&" : "?") + "password=" + postgres().getPassword(),
                "datasources.default.username", postgres().getUsername()))) {
            port = server.getPort();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }

        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, lines.size(), lines::toString);
        String expected = "schemakit \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? started in \\d+\\.\\d s on port " + port
                + ", database " + postgres().getHost() + ":" + postgres().getPort() + "/"
                + postgres().getDatabaseName();
        assertTrue(lines.get(0).matches(expected), lines.get(0) + " should match " + expected);
        assertEquals(Level.INFO, appender.list.get(0).getLevel());
    }

    @Test
    void databaseAddressKeepsHostPortAndNameOnly() {
        assertEquals("db.example:5432/app",
                StartupLog.databaseAddress("jdbc:postgresql://db.example:5432/app?user=app&password=secret"));
        assertEquals("db.example/app", StartupLog.databaseAddress("jdbc:postgresql://app:secret@db.example/app"));
        assertEquals("a:5432,b:5433/app", StartupLog.databaseAddress("jdbc:postgresql://a:5432,b:5433/app"));
        assertEquals("(not configured)", StartupLog.databaseAddress(""));
        assertEquals("jdbc:h2", StartupLog.databaseAddress("jdbc:h2:mem:test;PASSWORD=secret"));
    }
}
