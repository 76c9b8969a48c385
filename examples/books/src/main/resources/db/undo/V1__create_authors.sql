-- Undoes V1__create_authors.sql.
DROP TABLE authors;
