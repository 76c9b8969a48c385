package dev.schemakit.flyway;

import java.io.IOException;
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
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which migrations a build's jOOQ classes were generated from: the SHA-256 of every {@code .sql}
 * file of the migrations folder, by file name, in {@code sha256sum}'s format so that the shell can
 * check it too. The Maven plugin writes the listing next to the classes it generates
 * ({@code <package as a path>/migrations.sha256} in the jar); the service's {@code db check} and
 * the plugin's {@code check} goal compare it with the migrations.
 */
public final class MigrationChecksums {

    /** The listing's file name, in the folder of the generated classes' package. */
    public static final String FILE_NAME = "migrations.sha256";

    private MigrationChecksums() {
    }

    /** Where the listing of the classes generated into {@code packageName} lies on the class path. */
    public static String resource(String packageName) {
        return packageName.replace('.', '/') + "/" + FILE_NAME;
    }

    /**
     * The checksums of the {@code .sql} files directly in {@code folder}, by file name; empty when the
     * folder does not exist.
     *
     * @throws IOException when the folder or a file cannot be read
     */
    public static SortedMap<String, String> of(Path folder) throws IOException {
        SortedMap<String, String> checksums = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return checksums;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).toList()) {
                checksums.put(file.getFileName().toString(), sha256(Files.readAllBytes(file)));
            }
        }
        return checksums;
    }

    /** The listing's text: one {@code <sha256>  <file name>} line per file, sorted by name. */
    public static String format(Map<String, String> checksums) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(checksums).forEach((name, sum) -> text.append(sum).append("  ").append(name).append('\n'));
        return text.toString();
    }

    /** The checksums a listing records, by file name; lines that are not entries are ignored. */
    public static SortedMap<String, String> parse(String listing) {
        SortedMap<String, String> checksums = new TreeMap<>();
        for (String line : listing.split("\n")) {
            String[] parts = line.trim().split(" [ *]", 2);
            if (parts.length == 2 && parts[0].matches("[0-9a-f]{64}")) {
                checksums.put(parts[1], parts[0]);
            }
        }
        return checksums;
    }

    /**
     * How the migrations {@code files} differ from those the classes were {@code generatedFrom},
     * one phrase each (for example {@code "V5__add_bio.sql is newer than the classes"}); empty when
     * they are the same.
     */
    public static List<String> differences(Map<String, String> generatedFrom, Map<String, String> files) {
        List<String> differences = new ArrayList<>();
        for (var file : new TreeMap<>(files).entrySet()) {
            String recorded = generatedFrom.get(file.getKey());
            if (recorded == null) {
                differences.add(file.getKey() + " is newer than the classes");
            } else if (!recorded.equals(file.getValue())) {
                differences.add(file.getKey() + " changed after the classes were generated");
            }
        }
        for (String name : new TreeMap<>(generatedFrom).keySet()) {
            if (!files.containsKey(name)) {
                differences.add(name + " is gone, but the classes were generated with it");
            }
        }
        return Collections.unmodifiableList(differences);
    }

    /** The SHA-256 of {@code bytes}, in lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@link #sha256(byte[])} of a text's UTF-8 bytes. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
