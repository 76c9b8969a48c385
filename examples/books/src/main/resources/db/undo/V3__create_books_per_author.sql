-- Undoes V3__create_books_per_author.sql.
DROP VIEW books_per_author;
