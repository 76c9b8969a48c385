package dev.schemakit.devtools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import picocli.CommandLine.Option;

/** Where the declared schema and the migrations are; the defaults are relative to the project root. */
final class SourceTree {

    @Option(names = "--schema", paramLabel = "<file>", defaultValue = "schema/src/main/sql/schema.sql",
            description = "the declared schema (default: ${DEFAULT-VALUE})")
    Path schema;

    @Option(names = "--dir", paramLabel = "<folder>", defaultValue = "schema/src/main/resources/db",
            description = "the folder holding migration/ and undo/ (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--schemas", split = ",", paramLabel = "<schema>",
            description = "the schemas to write DDL for (default: every schema either side has); a difference in"
                    + " another is refused, never ignored")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--roles", split = ",", paramLabel = "<role>",
            description = "roles the schema grants to or names in policies, made on the throwaway server")
    List<String> roles = new ArrayList<>();

    Path migrations() {
        Path migrations = dir.resolve("migration");
        if (!Files.isDirectory(migrations)) {
            throw new DevToolsException("No migrations folder " + migrations + "; run from the project root or pass"
                    + " the folder that holds migration/ with --dir.");
        }
        return migrations;
    }

    /** The migration files, in name order. */
    List<Path> migrationFiles() {
        try (Stream<Path> files = Files.list(migrations())) {
            return files.filter(f -> f.getFileName().toString().matches("V.+__.+\\.sql")).sorted().toList();
        } catch (IOException e) {
            throw new DevToolsException("Cannot list " + migrations() + ": " + e.getMessage());
        }
    }

    Path undos() {
        return dir.resolve("undo");
    }

    String declaredSql() {
        try {
            return Files.readString(schema, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DevToolsException("Cannot read the declared schema " + schema + ": " + e.getMessage()
                    + ". Run from the project root or name the file with --schema.");
        }
    }

    /**
     * Starts the throwaway databases with the migrations and the declared schema applied, and
     * says on {@code err} which PostgreSQL they are on.
     */
    Workbench open(PrintWriter err) {
        Path migrations = migrations();
        String sql = declaredSql();
        Workbench workbench = Workbench.open(migrations, sql, schema.toString(),
                new Workbench.Options(schemas, roles));
        err.println("db: compared on a throwaway PostgreSQL: " + workbench.description());
        return workbench;
    }
}
