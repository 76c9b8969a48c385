package dev.schemakit.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.devtools.GeneratorFixture.Outcome;

/**
 * What the generator writes passes its own lint: squawk (through npx) finds nothing in the
 * migrations of a change that touches every kind, nor in the templates a hand-written migration
 * starts from.
 */
@ExtendWith(SharedPostgres.class)
class GeneratedMigrationsLintTest {

    private static final String BEFORE = """
            CREATE TYPE post_status AS ENUM ('draft', 'published');
            CREATE TYPE mood AS ENUM ('happy', 'sad', 'bored');
            CREATE DOMAIN short_text AS text;
            CREATE TABLE users (
                id     bigint GENERATED ALWAYS AS IDENTITY,
                name   text NOT NULL,
                nick   text,
                score  integer NOT NULL DEFAULT 0,
                mood   mood,
                legacy text,
                CONSTRAINT users_pkey PRIMARY KEY (id)
            );
            CREATE INDEX users_nick_idx ON users (nick);
            CREATE TABLE posts (
                id      bigint GENERATED ALWAYS AS IDENTITY,
                user_id bigint NOT NULL,
                status  post_status NOT NULL DEFAULT 'draft',
                CONSTRAINT posts_pkey PRIMARY KEY (id)
            );
            CREATE VIEW top_users AS SELECT id, name, score FROM users WHERE score > 10;
            """;

    private static final String AFTER = """
            CREATE TYPE post_status AS ENUM ('draft', 'published', 'archived');
            CREATE TYPE mood AS ENUM ('happy', 'sad');
            CREATE DOMAIN short_text AS text CONSTRAINT short_text_check CHECK (length(VALUE) < 20);
            CREATE DOMAIN email AS text CONSTRAINT email_check CHECK (VALUE LIKE '%@%');
            CREATE TABLE users (
                id         bigint GENERATED ALWAYS AS IDENTITY (START WITH 100),
                full_name  text NOT NULL,
                nick       text NOT NULL,
                score      bigint NOT NULL DEFAULT 0,
                mood       mood,
                email      email,
                joined     timestamptz NOT NULL DEFAULT now(),
                name_chars integer GENERATED ALWAYS AS (char_length(full_name)) STORED,
                CONSTRAINT users_pkey PRIMARY KEY (id),
                CONSTRAINT users_nick_key UNIQUE (nick),
                CONSTRAINT users_score_check CHECK (score >= 0)
            );
            CREATE INDEX users_joined_idx ON users (joined);
            CREATE TABLE posts (
                id      bigint GENERATED ALWAYS AS IDENTITY,
                user_id bigint NOT NULL,
                status  post_status NOT NULL DEFAULT 'archived',
                title   varchar(200),
                CONSTRAINT posts_pkey PRIMARY KEY (id),
                CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
            );
            CREATE TABLE events (
                happened_on timestamp NOT NULL,
                code        smallint NOT NULL
            ) PARTITION BY RANGE (happened_on);
            CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE INDEX events_code_idx ON events (code);
            CREATE VIEW top_users AS SELECT id, full_name, score FROM users WHERE score > 10;
            CREATE MATERIALIZED VIEW post_counts AS SELECT user_id, count(*) AS n FROM posts GROUP BY user_id;
            CREATE UNIQUE INDEX post_counts_user_id_key ON post_counts (user_id);
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
            CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
            ALTER TABLE posts ENABLE ROW LEVEL SECURITY;
            CREATE POLICY posts_all ON posts USING (true);
            CREATE SEQUENCE tickets AS integer;
            """;

    @TempDir
    Path dir;

    @Test
    void squawkFindsNothingInTheMigrationsOfAChangeThatTouchesEveryKind() throws Exception {
        GeneratorFixture fixture = new GeneratorFixture(SharedPostgres.get(), dir);
        Outcome outcome = fixture.generate(BEFORE, AFTER, true, "users.name=full_name");
        List<Path> written = fixture.replay(BEFORE, outcome, "everything at once");
        List<Path> migrations = written.stream()
                .filter(p -> p.getParent().getFileName().toString().equals("migration"))
                .filter(p -> p.toString().endsWith(".sql"))
                .toList();
        assertThat(migrations).extracting(p -> p.getFileName().toString()).containsExactly(
                "V2__everything_at_once_enum_values.sql", "V3__everything_at_once.sql",
                "V4__everything_at_once_indexes.sql");

        StringWriter out = new StringWriter();
        boolean clean = Lint.check(migrations, new PrintWriter(out, true));

        assertThat(out.toString()).isEqualTo("lint: squawk found nothing in 3 files\n");
        assertThat(clean).isTrue();
    }

    @Test
    void squawkFindsNothingInTheTemplatesOfAHandWrittenMigration() throws Exception {
        Path migrations = Files.createDirectories(dir.resolve("migration"));
        MigrationWriter writer = new MigrationWriter(migrations, dir.resolve("undo"), "./mvnw schemakit:migrate");
        List<Path> written = new java.util.ArrayList<>(writer.writeNew("add bio to users", true));
        written.addAll(writer.writeNew("index users by bio", false));

        StringWriter out = new StringWriter();
        boolean clean = Lint.check(written.stream()
                .filter(p -> p.startsWith(migrations) && p.toString().endsWith(".sql")).toList(),
                new PrintWriter(out, true));

        assertThat(out.toString()).isEqualTo("lint: squawk found nothing in 2 files\n");
        assertThat(clean).isTrue();
    }
}
