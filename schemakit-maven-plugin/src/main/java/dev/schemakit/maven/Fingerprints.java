package dev.schemakit.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import dev.schemakit.flyway.MigrationChecksums;

/** Checksums of what the generated code is made from. */
final class Fingerprints {

    private Fingerprints() {
    }

    /**
     * Every file under {@code folder} (Flyway reads subfolders too, and {@code .conf} files), by its
     * path relative to the folder and its SHA-256, one per line in path order; empty for a folder
     * that does not exist.
     */
    static String ofFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                text.append(folder.relativize(file).toString().replace('\\', '/')).append(' ')
                        .append(MigrationChecksums.sha256(Files.readAllBytes(file))).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * The entries of a jar or the files of a class folder, by name and content: not their times,
     * so that a jar rebuilt from the same classes has the same checksum.
     */
    static String ofClasses(Path jarOrFolder) throws IOException {
        if (Files.isDirectory(jarOrFolder)) {
            return MigrationChecksums.sha256(ofFolder(jarOrFolder));
        }
        StringBuilder text = new StringBuilder();
        try (JarFile jar = new JarFile(jarOrFolder.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> !e.isDirectory())
                    .sorted(Comparator.comparing(JarEntry::getName)).toList()) {
                try (var in = jar.getInputStream(entry)) {
                    text.append(entry.getName()).append(' ').append(MigrationChecksums.sha256(in.readAllBytes()))
                            .append('\n');
                }
            }
        }
        return MigrationChecksums.sha256(text.toString());
    }
}
