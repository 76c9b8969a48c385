package dev.schemakit.service.db;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.CloseableDSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

import dev.schemakit.service.PostgresTestSupport;

/**
 * Base of the {@code db} command tests: each test gets a database of its own on the shared
 * PostgreSQL container, so the commands never see the API tests' database, and runs the commands
 * in-process, capturing what they print and their exit status.
 */
abstract class DbCommandTestSupport extends PostgresTestSupport {

    static final Table<Record> SCHEMA_HISTORY = DSL.table(DSL.name("flyway_schema_history"));
    static final Field<String> VERSION = DSL.field(DSL.name("version"), String.class);
    static final Field<Integer> CHECKSUM = DSL.field(DSL.name("checksum"), Integer.class);

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** What a command printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    /** Creates an empty database and returns the settings the commands use to reach it. */
    static DatabaseSettings freshDatabase() {
        String name = "db_command_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (CloseableDSLContext dsl = DSL.using(postgres().getJdbcUrl(), postgres().getUsername(),
                postgres().getPassword())) {
            dsl.createDatabase(name).execute();
        }
        return new DatabaseSettings(
                postgres().getJdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"),
                postgres().getUsername(),
                postgres().getPassword(),
                List.of("classpath:db/migration"));
    }

    /** The first line of upgrade's output: the database it changes. */
    static String upgrading(DatabaseSettings database) {
        return "upgrading " + database.url() + " as " + database.username() + " with the migrations of "
                + String.join(", ", database.migrationLocations()) + "\n";
    }

    /** The first line of downgrade's output: the database it changes. */
    static String downgrading(DatabaseSettings database) {
        return "downgrading " + database.url() + " as " + database.username() + " with the migrations of "
                + String.join(", ", database.migrationLocations()) + "\n";
    }

    static CloseableDSLContext dsl(DatabaseSettings database) {
        CloseableDSLContext dsl = DSL.using(database.url(), database.username(), database.password());
        dsl.configuration().set(SQLDialect.POSTGRES);
        return dsl;
    }

    static Run db(DatabaseSettings database, String... args) {
        return dbWithUndo(Migrations.DEFAULT_UNDO_LOCATION, database, args);
    }

    static Run dbWithUndo(String undoLocation, DatabaseSettings database, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = new DbCommandLine(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> database,
                undoLocation).execute(args);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A file of the schema jar, such as {@code db/migration/V1__create_users.sql}. */
    static String resource(String path) {
        try (InputStream in = DbCommandTestSupport.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
