package dev.schemakit.throwaway;

import java.util.Locale;

/**
 * What the user asked for, each from a system property or else the environment variable of the
 * same name in upper case with underscores ({@code schemakit.database.url} or
 * {@code SCHEMAKIT_DATABASE_URL}).
 *
 * @param kind {@code schemakit.database}: docker, embedded or server; null to choose
 * @param url {@code schemakit.database.url}: a JDBC URL of an existing server, for {@code server}
 * @param user {@code schemakit.database.user}
 * @param password {@code schemakit.database.password}
 * @param image {@code schemakit.postgres.image}: the image a Docker engine runs
 */
record Settings(String kind, String url, String user, String password, String image) {

    /** The one place the PostgreSQL image is named. */
    static final String DEFAULT_IMAGE = "postgres:17";

    static Settings fromEnvironment() {
        return new Settings(
                read("schemakit.database"),
                read("schemakit.database.url"),
                read("schemakit.database.user"),
                read("schemakit.database.password"),
                orDefault(read("schemakit.postgres.image"), DEFAULT_IMAGE));
    }

    /** These settings with each non-null argument in place of the setting of its name. */
    Settings overriddenBy(String kind, String url, String user, String password, String image) {
        return new Settings(orDefault(kind, this.kind), orDefault(url, this.url), orDefault(user, this.user),
                orDefault(password, this.password), orDefault(image, this.image));
    }

    private static String read(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
