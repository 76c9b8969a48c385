package dev.schemakit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * The executable jar an operator deploys carries the service and nothing of the development
 * tooling: no Testcontainers, no embedded PostgreSQL and its binaries, no throwaway databases.
 * Runs after {@code package}, on the jar the build just made.
 */
class ProductionJarIT {

    @Test
    void carriesNoDevelopmentTooling() throws IOException {
        Path jar = Path.of(System.getProperty("service.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> entries = file.stream().map(ZipEntry::getName).toList();

            assertTrue(entries.contains("dev/schemakit/service/Application.class"), jar + " lacks the service");
            assertTrue(entries.contains("db/migration/V1__create_users.sql"), jar + " lacks the migrations");
            assertEquals(List.of(), entries.stream()
                    .filter(e -> e.startsWith("org/testcontainers/") || e.startsWith("io/zonky/")
                            || e.endsWith(".txz") || e.startsWith("dev/schemakit/throwaway/"))
                    .limit(5)
                    .toList());
        }
    }
}
