package dev.schemakit.devtools.kinds;

import static dev.schemakit.devtools.GeneratorFixture.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.schemakit.devtools.DevToolsException;
import dev.schemakit.devtools.GeneratorFixture;
import dev.schemakit.devtools.GeneratorFixture.Outcome;
import dev.schemakit.devtools.MigrationGenerator.Migration;
import dev.schemakit.devtools.SharedPostgres;

/** Enum types, domains, composite types, collations and sequences: forward, replayed, undone. */
@ExtendWith(SharedPostgres.class)
class TypesTest {

    private static final String USERS = """
            CREATE TABLE users (
                id   bigint GENERATED ALWAYS AS IDENTITY,
                name text NOT NULL,
                CONSTRAINT users_pkey PRIMARY KEY (id)
            );
            """;

    private static final String POSTS = USERS + """
            CREATE TYPE post_status AS ENUM ('draft', 'published');
            CREATE TABLE posts (
                id     bigint GENERATED ALWAYS AS IDENTITY,
                status post_status NOT NULL DEFAULT 'draft',
                CONSTRAINT posts_pkey PRIMARY KEY (id)
            );
            """;

    @TempDir
    Path dir;

    private GeneratorFixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new GeneratorFixture(SharedPostgres.get(), dir);
    }

    @Test
    void createsEnumTypeBeforeTheTableThatUsesIt() throws Exception {
        Outcome outcome = fixture.generate(USERS, POSTS, false);

        assertThat(outcome.get().migrations()).hasSize(1);
        assertThat(outcome.migrations()).isEqualTo("""
                CREATE TYPE post_status AS ENUM ('draft', 'published');
                CREATE TABLE posts (
                    id bigint GENERATED ALWAYS AS IDENTITY,
                    status post_status NOT NULL DEFAULT 'draft'::post_status,
                    CONSTRAINT posts_pkey PRIMARY KEY (id)
                );
                """);
        assertThat(outcome.get().main().undoBody()).isEqualTo("""
                DROP TABLE posts;
                DROP TYPE post_status;
                """);
        fixture.replay(USERS, outcome, "add posts");
    }

    @Test
    void addsEnumValueInAMigrationOfItsOwnBeforeTheOneThatUsesIt() throws Exception {
        String declared = POSTS.replace("('draft', 'published')", "('draft', 'published', 'archived')")
                .replace("DEFAULT 'draft'", "DEFAULT 'archived'");

        Outcome outcome = fixture.generate(POSTS, declared, false);

        assertThat(outcome.get().migrations()).extracting(Migration::suffix).containsExactly("_enum_values", "");
        assertThat(outcome.get().migrations().get(0).body())
                .isEqualTo("ALTER TYPE post_status ADD VALUE 'archived' AFTER 'published';\n");
        assertThat(outcome.get().migrations().get(1).body())
                .isEqualTo("ALTER TABLE posts ALTER COLUMN status SET DEFAULT 'archived'::post_status;\n");
        // PostgreSQL cannot drop an enum value: the undo swaps in a type without it.
        assertThat(outcome.get().migrations().get(0).undoBody()).isEqualTo("""
                ALTER TYPE post_status RENAME TO post_status__old;
                CREATE TYPE post_status AS ENUM ('draft', 'published');
                ALTER TABLE posts ALTER COLUMN status DROP DEFAULT;
                ALTER TABLE posts ALTER COLUMN status TYPE post_status USING status::text::post_status;
                ALTER TABLE posts ALTER COLUMN status SET DEFAULT 'draft'::post_status;
                DROP TYPE post_status__old;
                """);
        fixture.replay(POSTS, outcome, "archive posts");
    }

    @Test
    void removesEnumValueBySwappingTheTypeAndKeepsTheRows() throws Exception {
        String declared = POSTS.replace("('draft', 'published')", "('draft', 'final')");

        Outcome outcome = fixture.generate(POSTS, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                ALTER TYPE post_status RENAME TO post_status__old;
                CREATE TYPE post_status AS ENUM ('draft', 'final');
                ALTER TABLE posts ALTER COLUMN status DROP DEFAULT;
                -- The column moves to the new type; the table is rewritten under a lock.
                -- squawk-ignore changing-column-type
                ALTER TABLE posts ALTER COLUMN status TYPE post_status USING status::text::post_status;
                ALTER TABLE posts ALTER COLUMN status SET DEFAULT 'draft'::post_status;
                DROP TYPE post_status__old;
                """);
        assertThat(outcome.get().main().notes()).containsExactly("converting the columns of enum type post_status"
                + " fails while a row holds 'published', which the new type does not have (if it was renamed, say"
                + " so with -Drename=post_status.published=final)");
        fixture.replay(POSTS, outcome, "final instead of published");
        try (Connection db = fixture.database(POSTS, "INSERT INTO posts DEFAULT VALUES",
                outcome.get().main().script())) {
            assertThat(strings(db, "SELECT status::text FROM posts")).containsExactly("draft");
        }
    }

    @Test
    void renamesEnumValueInPlaceWhenTheRenameIsGiven() throws Exception {
        String declared = POSTS.replace("('draft', 'published')", "('draft', 'public')");

        Outcome outcome = fixture.generate(POSTS, declared, false, "post_status.published=public");

        assertThat(outcome.migrations()).isEqualTo("""
                -- The rename was given with -Drename.
                ALTER TYPE post_status RENAME VALUE 'published' TO 'public';
                """);
        assertThat(outcome.get().main().undoBody())
                .isEqualTo("ALTER TYPE post_status RENAME VALUE 'public' TO 'published';\n");
        fixture.replay(POSTS, outcome, "public instead of published");
        // The rows keep their value under the new label; no table is rewritten.
        try (Connection db = fixture.database(POSTS, "INSERT INTO posts (status) VALUES ('published')",
                outcome.get().main().script())) {
            assertThat(strings(db, "SELECT status::text FROM posts")).containsExactly("public");
        }
        assertThatThrownBy(() -> fixture.generate(POSTS, declared, false, "post_status.final=public"))
                .isInstanceOf(DevToolsException.class)
                .hasMessage("-Drename=post_status.final=public: enum type post_status has no value 'final' before"
                        + " the change; its values are [draft, published].");
    }

    @Test
    void createsDomainWithItsConstraintAndChangesItInPlace() throws Exception {
        String domain = USERS + """
                CREATE DOMAIN email AS text CONSTRAINT email_check CHECK (VALUE LIKE '%@%');
                COMMENT ON DOMAIN email IS 'An e-mail address.';
                """;
        Outcome created = fixture.generate(USERS, domain + "ALTER TABLE users ADD COLUMN email email;", false);

        assertThat(created.migrations()).isEqualTo("""
                -- The declared schema gives the domain this constraint.
                -- squawk-ignore ban-create-domain-with-constraint
                CREATE DOMAIN email AS text CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text));
                ALTER TABLE users ADD COLUMN email email;
                COMMENT ON DOMAIN email IS 'An e-mail address.';
                """);
        fixture.replay(USERS, created, "add email");

        String changed = domain.replace("AS text", "AS text DEFAULT 'nobody@example.com' NOT NULL")
                .replace("CHECK (VALUE LIKE '%@%')", "CHECK (VALUE LIKE '%@%.%')");
        Outcome altered = fixture.generate(domain, changed, false);

        assertThat(altered.migrations()).isEqualTo("""
                ALTER DOMAIN email SET DEFAULT 'nobody@example.com'::text;
                ALTER DOMAIN email SET NOT NULL;
                ALTER DOMAIN email DROP CONSTRAINT email_check;
                -- The declared schema gives the domain this constraint.
                -- squawk-ignore ban-alter-domain-with-add-constraint
                ALTER DOMAIN email ADD CONSTRAINT email_check CHECK ((VALUE ~~ '%@%.%'::text));
                """);
        fixture.replay(domain, altered, "stricter email");
    }

    @Test
    void refusesToChangeTheTypeOfADomainAColumnUsesNamingWhatToWriteByHand() {
        String domain = USERS + "CREATE DOMAIN handle AS varchar(20); ALTER TABLE users ADD COLUMN handle handle;";

        assertThatThrownBy(() -> fixture.generate(domain, domain.replace("varchar(20)", "text"), false))
                .isInstanceOf(DevToolsException.class)
                .hasMessageStartingWith("Refused, nothing was written: this generator writes no DDL for one part of"
                        + " the change: domain handle changes its type from character varying(20) to text while column"
                        + " users.handle uses it: PostgreSQL cannot change a domain's type in place; write that part by"
                        + " hand: create the new domain under another name, ALTER those columns to it, drop the old"
                        + " one. To write a part by hand: ./mvnw schemakit:new");
    }

    @Test
    void createsCompositeTypeAndRebuildsTheFunctionThatTakesIt() throws Exception {
        String pair = USERS + """
                CREATE TYPE pair AS (a integer, b text);
                CREATE FUNCTION first_of(p pair) RETURNS integer LANGUAGE sql AS 'SELECT p.a';
                """;
        Outcome outcome = fixture.generate(USERS, pair, false);
        assertThat(outcome.migrations()).startsWith("CREATE TYPE pair AS (a integer, b text);\n"
                + "SET LOCAL check_function_bodies = off;\n"
                + "CREATE OR REPLACE FUNCTION public.first_of(p pair)\n");
        fixture.replay(USERS, outcome, "add pair");

        Outcome changed = fixture.generate(pair, pair.replace("b text", "b text, c date"), false);
        assertThat(changed.migrations()).startsWith("""
                DROP FUNCTION first_of(pair);
                DROP TYPE pair;
                CREATE TYPE pair AS (a integer, b text, c date);
                SET LOCAL check_function_bodies = off;
                CREATE OR REPLACE FUNCTION public.first_of(p pair)
                """);
        fixture.replay(pair, changed, "pair with date");
    }

    @Test
    void createsIcuCollationAndTheColumnThatUsesIt() throws Exception {
        String declared = USERS + """
                CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
                ALTER TABLE users ADD COLUMN nick text COLLATE case_insensitive;
                COMMENT ON COLLATION case_insensitive IS 'Compares without case.';
                """;

        Outcome outcome = fixture.generate(USERS, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
                ALTER TABLE users ADD COLUMN nick text COLLATE public.case_insensitive;
                COMMENT ON COLLATION case_insensitive IS 'Compares without case.';
                """);
        fixture.replay(USERS, outcome, "add nick");
    }

    @Test
    void createsSequenceOwnedByItsColumnAndChangesItsOptions() throws Exception {
        String declared = USERS + """
                CREATE SEQUENCE invoice_no AS integer START WITH 1000 INCREMENT BY 10;
                ALTER TABLE users ADD COLUMN invoice integer NOT NULL DEFAULT nextval('invoice_no');
                ALTER SEQUENCE invoice_no OWNED BY users.invoice;
                """;

        Outcome outcome = fixture.generate(USERS, declared, false);

        assertThat(outcome.migrations()).isEqualTo("""
                CREATE SEQUENCE invoice_no AS integer INCREMENT BY 10 START WITH 1000;
                -- The declared schema asks for this type; its values are computed for every row.
                -- squawk-ignore adding-field-with-default, prefer-bigint-over-int
                ALTER TABLE users ADD COLUMN invoice integer NOT NULL DEFAULT nextval('invoice_no'::regclass);
                ALTER SEQUENCE invoice_no OWNED BY users.invoice;
                """);
        fixture.replay(USERS, outcome, "add invoice numbers");

        Outcome altered = fixture.generate(declared, declared.replace("INCREMENT BY 10", "INCREMENT BY 5"), false);
        assertThat(altered.migrations()).isEqualTo("ALTER SEQUENCE invoice_no AS integer INCREMENT BY 5 MINVALUE 1"
                + " MAXVALUE 2147483647 START WITH 1000 CACHE 1 NO CYCLE;\n");
        fixture.replay(declared, altered, "invoice numbers by five");
    }

    @Test
    void refusesARangeTypeNamingItAloneNotWhatPostgresMakesWithIt() {
        // CREATE TYPE ... AS RANGE also makes constructor functions, a multirange type and a cast:
        // none of them is the user's to write, so the refusal names the range type only.
        String declared = USERS + "CREATE TYPE page_range AS RANGE (subtype = integer);\n";

        assertThatThrownBy(() -> fixture.generate(USERS, declared, false))
                .isInstanceOf(DevToolsException.class)
                .hasMessageStartingWith("Refused, nothing was written: this generator writes no DDL for one part of the"
                        + " change: range type page_range is new; this generator writes no DDL for it: write it by"
                        + " hand with CREATE TYPE ... AS RANGE. To write a part by hand:");
    }
}
