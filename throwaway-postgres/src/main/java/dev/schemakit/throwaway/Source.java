package dev.schemakit.throwaway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;
import org.testcontainers.utility.TestcontainersConfiguration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.exception.NotFoundException;

import dev.schemakit.throwaway.ThrowawayPostgres.Kind;
import dev.schemakit.throwaway.ThrowawayPostgres.UnavailableException;

/** Decides where the server comes from. */
final class Source {

    /** How long a missing image may take to pull before Docker counts as unusable. */
    private static final long PULL_SECONDS = 60;

    private Source() {
    }

    /**
     * The choice and the reason for it.
     *
     * @param image for {@code DOCKER}: the image as named in the settings; Testcontainers
     *     substitutes it (a registry prefix) when it starts the container
     */
    record Choice(Kind kind, String reason, String image, Settings settings) {
    }

    static Choice choose(Settings settings) {
        if (settings.kind() != null) {
            return asked(settings);
        }
        if (settings.url() != null) {
            return new Choice(Kind.SERVER, "schemakit.database.url is set", null, settings);
        }
        DockerCheck docker = DockerCheck.run(settings.image());
        if (docker.problem() == null) {
            return new Choice(Kind.DOCKER, "a Docker engine answered and has " + docker.image(), settings.image(),
                    settings);
        }
        return new Choice(Kind.EMBEDDED, "no usable Docker: " + docker.problem(), null, settings);
    }

    private static Choice asked(Settings settings) {
        String kind = settings.kind().toLowerCase(Locale.ROOT);
        String reason = "schemakit.database=" + kind;
        switch (kind) {
            case "docker" -> {
                DockerCheck docker = DockerCheck.run(settings.image());
                if (docker.problem() != null) {
                    throw new UnavailableException("A Docker PostgreSQL was asked for (schemakit.database=docker), "
                            + "but " + docker.problem() + ". Start Docker (check with `docker info`) and make the "
                            + "image available (`docker pull " + docker.image() + "`; schemakit.postgres.image names "
                            + "another), or leave schemakit.database unset to use the embedded PostgreSQL.");
                }
                return new Choice(Kind.DOCKER, reason, settings.image(), settings);
            }
            case "embedded" -> {
                return new Choice(Kind.EMBEDDED, reason, null, settings);
            }
            case "server" -> {
                if (settings.url() == null) {
                    throw new UnavailableException("schemakit.database=server needs the server: set "
                            + "schemakit.database.url=jdbc:postgresql://HOST:PORT/DATABASE (an existing database the "
                            + "user can connect to), schemakit.database.user and schemakit.database.password, as "
                            + "-D options or as SCHEMAKIT_DATABASE_URL, _USER and _PASSWORD in the environment.");
                }
                return new Choice(Kind.SERVER, reason, null, settings);
            }
            default -> throw new UnavailableException("schemakit.database must be docker, embedded or server, not '"
                    + settings.kind() + "'; leave it unset to use Docker where it works and the embedded PostgreSQL "
                    + "elsewhere.");
        }
    }

    /**
     * Whether Docker can run the image, asked of the engine directly: Testcontainers' own client
     * would first start its Ryuk container, and where that image cannot be pulled it waits for
     * minutes without a word.
     *
     * @param image the image that would run, after Testcontainers' substitution
     * @param problem why Docker cannot be used, or null
     */
    record DockerCheck(String image, String problem) {

        static DockerCheck run(String requested) {
            String image = ImageNameSubstitutor.instance().apply(DockerImageName.parse(requested))
                    .asCanonicalNameString();
            DockerClient client;
            try {
                List<DockerClientProviderStrategy> strategies = new ArrayList<>();
                ServiceLoader.load(DockerClientProviderStrategy.class).forEach(strategies::add);
                client = DockerClientProviderStrategy.getFirstValidStrategy(strategies).getDockerClient();
            } catch (RuntimeException e) {
                return new DockerCheck(image, "no Docker engine answered");
            }
            List<String> needed = new ArrayList<>(List.of(image));
            if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
                @SuppressWarnings("deprecation")
                String ryuk = TestcontainersConfiguration.getInstance().getRyukImage();
                needed.add(ImageNameSubstitutor.instance().apply(DockerImageName.parse(ryuk)).asCanonicalNameString());
            }
            for (String name : needed) {
                String problem = provide(client, name);
                if (problem != null) {
                    return new DockerCheck(image, problem);
                }
            }
            return new DockerCheck(image, null);
        }

        private static String provide(DockerClient client, String image) {
            try {
                client.inspectImageCmd(image).exec();
                return null;
            } catch (NotFoundException e) {
                // not here yet: pull it
            } catch (RuntimeException e) {
                return "the Docker engine did not answer about image " + image + " (" + e.getMessage() + ")";
            }
            try {
                QuietPull pull = client.pullImageCmd(image).exec(new QuietPull());
                if (!pull.awaitCompletion(PULL_SECONDS, TimeUnit.SECONDS)) {
                    return "the Docker engine could not pull " + image + " within " + PULL_SECONDS + " s";
                }
                if (pull.error != null) {
                    throw pull.error;
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while pulling " + image;
            } catch (RuntimeException e) {
                return "the Docker engine cannot provide " + image + " (pull failed: " + firstLine(e.getMessage())
                        + ")";
            }
        }

        /** A pull whose failure is this check's answer, not an error for the log. */
        private static final class QuietPull extends ResultCallback.Adapter<PullResponseItem> {
            private volatile RuntimeException error;

            @Override
            public void onError(Throwable throwable) {
                error = throwable instanceof RuntimeException e ? e : new IllegalStateException(throwable);
                try {
                    close();
                } catch (java.io.IOException e) {
                    // closing a finished stream
                }
            }
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "no reason given";
            }
            int newline = message.indexOf('\n');
            return (newline < 0 ? message : message.substring(0, newline)).trim();
        }
    }
}
