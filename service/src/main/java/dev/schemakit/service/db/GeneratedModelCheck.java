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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Whether the jOOQ classes on the class path were generated from the migrations on the class
 * path. The codegen ships, next to the classes, the SHA-256 of every migration it applied
 * ({@code dev/schemakit/model/migrations.sha256}, sha256sum format); this compares that list with
 * the migration files themselves. Needs no database.
 */
final class GeneratedModelCheck {

    static final String DEFAULT_LISTING = "dev/schemakit/model/migrations.sha256";
    static final String DEFAULT_MIGRATIONS = "db/migration";

    private final ClassLoader loader = GeneratedModelCheck.class.getClassLoader();
    private final String listing;
    private final String migrations;
    private final Path migrationsFolder;
    private final PrintStream out;

    GeneratedModelCheck(String listing, String migrations, PrintStream out) {
        this(listing, migrations, null, out);
    }

    /**
     * @param migrationsFolder a folder to read the migrations from instead of the class path
     *                         resource {@code migrations}; null for the class path
     */
    GeneratedModelCheck(String listing, String migrations, Path migrationsFolder, PrintStream out) {
        this.listing = listing;
        this.migrations = migrations;
        this.migrationsFolder = migrationsFolder;
        this.out = out;
    }

    /**
     * Prints that the classes match, or throws naming every migration they lack or that changed.
     *
     * @throws DbCommandException if the generated classes are out of date with the migrations
     */
    void check() {
        Map<String, String> generatedFrom = recorded();
        Map<String, String> files = migrationFiles();
        List<String> differences = new ArrayList<>();
        for (var file : files.entrySet()) {
            String recorded = generatedFrom.get(file.getKey());
            if (recorded == null) {
                differences.add(file.getKey() + " is newer than the classes");
            } else if (!recorded.equals(file.getValue())) {
                differences.add(file.getKey() + " changed after the classes were generated");
            }
        }
        for (String name : generatedFrom.keySet()) {
            if (!files.containsKey(name)) {
                differences.add(name + " is gone, but the classes were generated with it");
            }
        }
        if (!differences.isEmpty()) {
            throw new DbCommandException("The generated jOOQ classes are out of date with the migrations: "
                    + String.join("; ", differences) + ". Run ./mvnw generate-sources (or any later phase) "
                    + "and rebuild.");
        }
        out.println("generated classes match the migrations");
    }

    private Map<String, String> recorded() {
        try (InputStream in = loader.getResourceAsStream(listing)) {
            if (in == null) {
                throw new DbCommandException("No record of the migrations the jOOQ classes were generated from ("
                        + listing + " is not on the class path); rebuild with ./mvnw package.");
            }
            Map<String, String> recorded = new TreeMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.trim().split(" \\*?", 2);
                if (parts.length == 2) {
                    recorded.put(parts[1].replaceFirst("^\\*", ""), parts[0]);
                }
            }
            return recorded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** File name to SHA-256 of every {@code .sql} file in the migrations folder. */
    private Map<String, String> migrationFiles() {
        Map<String, String> files = new TreeMap<>();
        if (migrationsFolder != null) {
            try (Stream<Path> entries = Files.list(migrationsFolder)) {
                for (Path file : entries.filter(p -> p.getFileName().toString().endsWith(".sql")).toList()) {
                    files.put(file.getFileName().toString(), sha256(Files.readAllBytes(file)));
                }
            } catch (IOException e) {
                throw new DbCommandException(
                        "Cannot read the migrations in " + migrationsFolder + ": " + e.getMessage());
            }
            return files;
        }
        for (String name : sqlFileNames()) {
            try (InputStream in = loader.getResourceAsStream(migrations + "/" + name)) {
                files.put(name, sha256(in.readAllBytes()));
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

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
