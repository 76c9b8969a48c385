package dev.schemakit.service.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import dev.schemakit.flyway.MigrationChecksums;

/**
 * Whether the jOOQ classes on the class path were generated from the migrations on the class
 * path: in a jar, whether it was built from one consistent state of the sources. The Maven plugin
 * ships, next to the classes, the SHA-256 of every migration it applied
 * ({@code dev/schemakit/model/migrations.sha256}); this compares that list with the migration files
 * themselves. Needs no database.
 */
final class GeneratedModelCheck {

    static final String DEFAULT_LISTING = MigrationChecksums.resource("dev.schemakit.model");
    static final String DEFAULT_MIGRATIONS = "db/migration";

    private final ClassLoader loader = GeneratedModelCheck.class.getClassLoader();
    private final String listing;
    private final String migrations;
    private final PrintStream out;

    GeneratedModelCheck(String listing, String migrations, PrintStream out) {
        this.listing = listing;
        this.migrations = migrations;
        this.out = out;
    }

    /**
     * Prints that the classes match, or throws naming every migration they lack or that changed.
     *
     * @throws DbCommandException if the generated classes are out of date with the migrations
     */
    void check() {
        List<String> differences = MigrationChecksums.differences(recorded(), migrationFiles());
        if (!differences.isEmpty()) {
            throw new DbCommandException("The generated jOOQ classes are out of date with the migrations: "
                    + String.join("; ", differences) + ". This jar was built from sources whose classes were"
                    + " generated before their migrations changed; build it again from the project root with"
                    + " ./mvnw package, which regenerates them first.");
        }
        out.println("generated classes match the migrations");
    }

    private Map<String, String> recorded() {
        try (InputStream in = loader.getResourceAsStream(listing)) {
            if (in == null) {
                throw new DbCommandException("No record of the migrations the jOOQ classes were generated from ("
                        + listing + " is not on the class path); build the jar again with ./mvnw package.");
            }
            return MigrationChecksums.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File name to SHA-256 of every {@code .sql} file in the migrations folder on the class path. */
    private Map<String, String> migrationFiles() {
        Map<String, String> files = new TreeMap<>();
        for (String name : sqlFileNames()) {
            try (InputStream in = loader.getResourceAsStream(migrations + "/" + name)) {
                files.put(name, MigrationChecksums.sha256(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Lists the folder in every class path entry that has it: a directory or a jar. */
    private List<String> sqlFileNames() {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(migrations))) {
                if (url.getProtocol().equals("file")) {
                    try (Stream<Path> entries = Files.list(Path.of(url.toURI()))) {
                        entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                                .forEach(names::add);
                    }
                } else if (url.getProtocol().equals("jar")) {
                    var connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        String prefix = migrations + "/";
                        jar.stream()
                                .map(entry -> entry.getName())
                                .filter(n -> n.startsWith(prefix) && n.endsWith(".sql")
                                        && n.indexOf('/', prefix.length()) < 0)
                                .forEach(n -> names.add(n.substring(prefix.length())));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(names);
    }
}
