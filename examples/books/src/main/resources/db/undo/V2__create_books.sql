-- Undoes V2__create_books.sql.
DROP TABLE books;
DROP TYPE book_format;
