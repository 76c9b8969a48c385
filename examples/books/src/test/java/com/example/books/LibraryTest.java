package com.example.books;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.books.Library.Book;
import com.example.books.db.enums.BookFormat;

import dev.schemakit.throwaway.ThrowawayPostgres;

/** The generated classes at work on a real PostgreSQL with the migrations applied. */
class LibraryTest {

    private static ThrowawayPostgres postgres;

    private Connection connection;
    private Library library;

    @BeforeAll
    static void migrate() {
        postgres = ThrowawayPostgres.start();
        Flyway.configure()
                .dataSource(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword())
                .load()
                .migrate();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void connect() throws SQLException {
        connection = postgres.connect(postgres.getJdbcUrl());
        connection.setAutoCommit(false);
        library = new Library(DSL.using(connection, SQLDialect.POSTGRES));
    }

    @AfterEach
    void rollBack() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Test
    void findsBooksByTheirFormatAJavaEnum() {
        long tolkien = library.addAuthor("J. R. R. Tolkien");
        long austen = library.addAuthor("Jane Austen");
        library.addBook(tolkien, "The Hobbit", BookFormat.hardcover, 310);
        library.addBook(austen, "Persuasion", BookFormat.ebook, null);
        library.addBook(austen, "Emma", BookFormat.ebook, 474);

        assertEquals(List.of(new Book("Emma", "Jane Austen", BookFormat.ebook),
                new Book("Persuasion", "Jane Austen", BookFormat.ebook)), library.booksIn(BookFormat.ebook));
        assertEquals(List.of(BookFormat.hardcover, BookFormat.paperback, BookFormat.ebook),
                List.of(BookFormat.values()));
    }

    @Test
    void countsBooksPerAuthorThroughTheView() {
        long austen = library.addAuthor("Jane Austen");
        library.addAuthor("Nobody Yet");
        library.addBook(austen, "Emma", BookFormat.paperback, 474);
        library.addBook(austen, "Persuasion", BookFormat.paperback, 249);

        assertEquals(Map.of("Jane Austen", 2L, "Nobody Yet", 0L), library.booksPerAuthor());
    }

    @Test
    void addsUpPagesThroughTheFunction() {
        long austen = library.addAuthor("Jane Austen");
        library.addBook(austen, "Emma", BookFormat.paperback, 474);
        library.addBook(austen, "Persuasion", BookFormat.paperback, 249);
        library.addBook(austen, "Sanditon", BookFormat.ebook, null);

        assertEquals(723L, library.pagesWritten(austen));
        assertEquals(0L, library.pagesWritten(-1));
    }

    @Test
    void theDatabaseRefusesWhatTheMigrationsForbid() {
        long austen = library.addAuthor("Jane Austen");

        DataAccessException e = assertThrows(DataAccessException.class,
                () -> library.addBook(austen, "Emma", BookFormat.paperback, 0));

        assertEquals("23514", e.sqlState());
    }
}
