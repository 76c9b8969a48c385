package dev.schemakit.maven;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

/**
 * Keeps the libraries the plugin runs from talking over the build's own log: Testcontainers, the
 * Docker client and the embedded PostgreSQL log their progress at INFO through SLF4J, which Maven
 * prints, and jOOQ prints a banner and tips. Only warnings remain. A setting the user made (as a
 * system property, for example in {@code .mvn/jvm.config}) is left as it is.
 */
final class Libraries {

    private static final Map<String, String> QUIET = Map.ofEntries(
            Map.entry("org.slf4j.simpleLogger.log.org.testcontainers", "warn"),
            // Its "Could not find a valid Docker environment" is an ERROR, and only the plugin's answer.
            Map.entry("org.slf4j.simpleLogger.log.org.testcontainers.dockerclient", "off"),
            Map.entry("org.slf4j.simpleLogger.log.tc", "warn"),
            // "Ryuk has been disabled", where no registry provides its image: the plugin removes
            // its container itself, so there is nothing to act on.
            Map.entry("org.slf4j.simpleLogger.log.org.testcontainers.utility.ResourceReaper", "error"),
            Map.entry("org.slf4j.simpleLogger.log.com.github.dockerjava", "warn"),
            Map.entry("org.slf4j.simpleLogger.log.io.zonky", "warn"),
            Map.entry("org.slf4j.simpleLogger.log.org.jooq", "warn"),
            Map.entry("org.slf4j.simpleLogger.log.org.flywaydb", "warn"),
            // The plugin logs which database it started, and why, itself.
            Map.entry("org.slf4j.simpleLogger.log.dev.schemakit.throwaway", "warn"),
            Map.entry("org.jooq.no-logo", "true"),
            Map.entry("org.jooq.no-tips", "true"));

    private Libraries() {
    }

    /**
     * Leaves Testcontainers' shutdown hook nothing to do. With Ryuk disabled, Testcontainers prunes
     * what its session labelled from a JVM shutdown hook; Maven closes the plugin's class realm before
     * shutdown hooks run, so that hook fails to load its classes and prints a stack trace after the
     * build's result. The plugin removes its containers itself, in {@code finally} and from the
     * provider's own hook while a build is interrupted, so the prune has nothing left to find. The
     * list it reads is not public: a Testcontainers without it keeps its hook, which only prints.
     */
    static void disarmTestcontainersShutdownPrune() {
        if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return;
        }
        try {
            Class<?> reaper = Class.forName("org.testcontainers.utility.ResourceReaper", true,
                    Libraries.class.getClassLoader());
            Field filters = reaper.getDeclaredField("DEATH_NOTE");
            filters.setAccessible(true);
            List<?> list = (List<?>) filters.get(null);
            synchronized (list) {
                list.clear();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // As above: the hook stays, and prints at exit.
        }
    }

    /** Sets the quiet defaults, before the libraries create their loggers. */
    static void quiet() {
        QUIET.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
