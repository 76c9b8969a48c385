package dev.schemakit.model;

import static dev.schemakit.model.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.schemakit.model.tables.Users;
import dev.schemakit.model.tables.records.UsersRecord;
import org.junit.jupiter.api.Test;

/** The generated classes are what a developer writes type-safe queries with. */
class GeneratedClassesTest {

    @Test
    void insertsAndSelectsThroughTheGeneratedTable() throws Exception {
        String url = TestDatabase.migratedDatabase("typesafe");
        try (Connection connection = TestDatabase.connect(url)) {
            var ctx = TestDatabase.dsl(connection);

            UsersRecord inserted = ctx.insertInto(USERS)
                    .set(USERS.USERNAME, "alice")
                    .set(USERS.EMAIL, "alice@example.com")
                    .set(USERS.IS_ACTIVE, false)
                    .returning()
                    .fetchOne();

            Long id = inserted.getId();
            OffsetDateTime createdAt = inserted.getCreatedAt();
            assertThat(id).isPositive();
            assertThat(inserted.getVersion()).isEqualTo(1L);
            assertThat(createdAt).isNotNull().isEqualTo(inserted.getUpdatedAt());

            UsersRecord selected = ctx.selectFrom(USERS).where(USERS.ID.eq(id)).fetchSingle();
            assertThat(selected.getUsername()).isEqualTo("alice");
            assertThat(selected.getEmail()).isEqualTo("alice@example.com");
            assertThat(selected.getIsActive()).isFalse();
            assertThat(selected.getCreatedAt()).isEqualTo(createdAt);
            assertThat(ctx.fetchCount(USERS, USERS.IS_ACTIVE.isTrue())).isZero();
        }
    }

    @Test
    void modelHasKeysIndexesAndColumnsOfTheMigrations() {
        assertThat(USERS.fields()).extracting(f -> f.getName())
                .containsExactly("id", "username", "email", "created_at", "updated_at", "is_active", "version",
                        "subject");
        assertThat(USERS.getPrimaryKey()).isEqualTo(Keys.USERS_PKEY);
        assertThat(USERS.getIndexes()).contains(Indexes.USERS_IS_ACTIVE_ID_IDX);
        assertThat(USERS.CREATED_AT.getType()).isEqualTo(OffsetDateTime.class);
        assertThat(USERS.VERSION.getType()).isEqualTo(Long.class);
        assertThat(Public.PUBLIC.getTables()).extracting(t -> t.getName()).containsExactly("users");
    }

    @Test
    void jarRecordsTheMigrationsTheClassesCameFrom() throws Exception {
        List<String> expected = new ArrayList<>();
        // The schema module's migrations: a folder or, in a build that packaged it, its jar.
        URI migrations = GeneratedClassesTest.class.getResource("/db/migration").toURI();
        try (FileSystem jar = migrations.getScheme().equals("jar") ? FileSystems.newFileSystem(migrations, Map.of())
                : null; Stream<Path> files = Files.list(Path.of(migrations))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                String sha256 = HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
                expected.add(sha256 + "  " + file.getFileName());
            }
        }
        try (InputStream listing = Users.class.getResourceAsStream("/dev/schemakit/model/migrations.sha256")) {
            assertThat(listing).as("migrations.sha256 in the jar").isNotNull();
            assertThat(new String(listing.readAllBytes(), StandardCharsets.UTF_8).lines())
                    .isNotEmpty()
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void sqlCommentsBecomeJavadoc() throws Exception {
        // Where the plugin writes by default; the tests run in the module's folder.
        String source = Files
                .readString(Path.of("target/generated-sources/jooq/dev/schemakit/model/tables/Users.java"));

        assertThat(source)
                .contains("A registered user of the service.")
                .contains("Login name, 3 to 80 characters, unique ignoring case.")
                .contains("Row version, 1 when created, incremented by every update; the API's ETag.");
        assertThat(USERS.getComment()).isEqualTo("A registered user of the service.");
    }
}
