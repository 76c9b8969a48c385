package com.example.books;

import static com.example.books.db.Tables.AUTHORS;
import static com.example.books.db.Tables.BOOKS;
import static com.example.books.db.Tables.BOOKS_PER_AUTHOR;

import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;
import org.jooq.Records;

import com.example.books.db.Routines;
import com.example.books.db.enums.BookFormat;

/** Books and their authors, through the classes generated from the migrations. */
public final class Library {

    /** A book with its author's name. */
    public record Book(String title, String author, BookFormat format) {
    }

    private final DSLContext db;

    public Library(DSLContext db) {
        this.db = db;
    }

    /** Adds an author; returns the new id. */
    public long addAuthor(String name) {
        return db.insertInto(AUTHORS)
                .set(AUTHORS.NAME, name)
                .returning(AUTHORS.ID)
                .fetchSingle(AUTHORS.ID);
    }

    /** Adds a book; {@code pages} may be null when unknown. Returns the new id. */
    public long addBook(long authorId, String title, BookFormat format, Integer pages) {
        return db.insertInto(BOOKS)
                .set(BOOKS.AUTHOR_ID, authorId)
                .set(BOOKS.TITLE, title)
                .set(BOOKS.FORMAT, format)
                .set(BOOKS.PAGES, pages)
                .returning(BOOKS.ID)
                .fetchSingle(BOOKS.ID);
    }

    /** The books published as {@code format}, by title. */
    public List<Book> booksIn(BookFormat format) {
        return db.select(BOOKS.TITLE, AUTHORS.NAME, BOOKS.FORMAT)
                .from(BOOKS)
                .join(AUTHORS).on(AUTHORS.ID.eq(BOOKS.AUTHOR_ID))
                .where(BOOKS.FORMAT.eq(format))
                .orderBy(BOOKS.TITLE)
                .fetch(Records.mapping(Book::new));
    }

    /** How many books each author has, from the view {@code books_per_author}. */
    public Map<String, Long> booksPerAuthor() {
        return db.select(BOOKS_PER_AUTHOR.AUTHOR, BOOKS_PER_AUTHOR.BOOKS)
                .from(BOOKS_PER_AUTHOR)
                .fetchMap(BOOKS_PER_AUTHOR.AUTHOR, BOOKS_PER_AUTHOR.BOOKS);
    }

    /** The pages of an author's books whose page count is known, by the function {@code pages_written}. */
    public long pagesWritten(long authorId) {
        return Routines.pagesWritten(db.configuration(), authorId);
    }
}
