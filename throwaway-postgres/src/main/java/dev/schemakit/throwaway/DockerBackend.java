package dev.schemakit.throwaway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import dev.schemakit.throwaway.ThrowawayPostgres.UnavailableException;

/** A PostgreSQL container started with Testcontainers. */
final class DockerBackend implements ThrowawayPostgres.Backend {

    private final PostgreSQLContainer container;
    private final String image;

    private DockerBackend(PostgreSQLContainer container, String image) {
        this.container = container;
        this.image = image;
    }

    static DockerBackend start(String image, String role, boolean samePortAfterRestart) {
        var container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withLabel("dev.schemakit.role", role)
                .withStartupTimeout(Duration.ofMinutes(2));
        if (samePortAfterRestart) {
            container.setPortBindings(List.of(Ports.free() + ":5432"));
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new UnavailableException("Could not start PostgreSQL from image " + image + ": "
                    + Ports.rootMessage(e) + ". Check `docker info`, or use the embedded PostgreSQL with "
                    + "-Dschemakit.database=embedded.", e);
        }
        return new DockerBackend(container, container.getDockerImageName());
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String database() {
        return container.getDatabaseName();
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String description() {
        return "container " + container.getContainerId().substring(0, 12) + " (" + image + ") on port " + port();
    }

    @Override
    public void freeze() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void thaw() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void stop() {
        // SIGINT is PostgreSQL's fast shutdown, the official image's STOPSIGNAL.
        container.getDockerClient().killContainerCmd(container.getContainerId()).withSignal("SIGINT").exec();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Boolean.TRUE.equals(container.getDockerClient().inspectContainerCmd(container.getContainerId())
                .exec().getState().getRunning())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("container did not stop within 30 s");
            }
            Ports.sleep(100);
        }
    }

    @Override
    public void restart() {
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        // Ready once it takes connections, as the embedded server is when it returns.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:postgresql://" + host() + ":" + port() + "/" + database(), user(), password())) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("container did not accept connections within 60 s", e);
                }
                Ports.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
