package dev.schemakit.throwaway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.schemakit.throwaway.ThrowawayPostgres.UnavailableException;

/** A uniquely named database created on an existing server and dropped at {@link #close()}. */
final class ServerBackend implements ThrowawayPostgres.Backend {

    private static final Pattern JDBC_URL = Pattern
            .compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?(?:/([^?]*))?(\\?.*)?$");

    private final Settings settings;
    private final String host;
    private final int port;
    private final String name;
    private boolean closed;

    private ServerBackend(Settings settings, String host, int port, String name) {
        this.settings = settings;
        this.host = host;
        this.port = port;
        this.name = name;
    }

    static ServerBackend start(Settings settings, String role) {
        Matcher m = JDBC_URL.matcher(settings.url());
        if (!m.matches()) {
            throw new UnavailableException("schemakit.database.url must look like "
                    + "jdbc:postgresql://HOST:PORT/DATABASE (an existing database the user can connect to, used "
                    + "only to create and drop the throwaway database), but it is: " + settings.url());
        }
        String name = role.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        ServerBackend backend = new ServerBackend(settings, m.group(1),
                m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), name);
        try (Connection connection = backend.admin(); Statement statement = connection.createStatement()) {
            // A generated identifier: lower-case letters, digits and underscores only.
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new UnavailableException("Could not create a throwaway database on " + m.group(1) + ": "
                    + Ports.rootMessage(e) + ". Check schemakit.database.url, .user and .password; the user needs "
                    + "the CREATEDB privilege.", e);
        }
        return backend;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(settings.url(), user(), password());
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String database() {
        return name;
    }

    @Override
    public String user() {
        return settings.user() == null ? "postgres" : settings.user();
    }

    @Override
    public String password() {
        return settings.password() == null ? "" : settings.password();
    }

    @Override
    public String description() {
        return "database " + name + " on " + host + ":" + port;
    }

    @Override
    public void freeze() {
        throw unsupported("freeze");
    }

    @Override
    public void thaw() {
        throw unsupported("thaw");
    }

    @Override
    public void stop() {
        throw unsupported("stop");
    }

    @Override
    public void restart() {
        throw unsupported("restart");
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("cannot " + what + " a server that is not ours; "
                + "use -Dschemakit.database=embedded or docker");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            // FORCE ends the sessions a killed build may have left behind.
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + name + " on " + host + ":" + port, e);
        }
    }
}
