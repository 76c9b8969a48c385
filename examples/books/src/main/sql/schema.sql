-- The schema as it should be. Change it, then `../../mvnw schemakit:migrate -Dmessage="<what>"`
-- writes the migration that gets there, and its undo script.

CREATE TABLE authors (
    id   bigint GENERATED ALWAYS AS IDENTITY,
    name text   NOT NULL,
    CONSTRAINT authors_pkey PRIMARY KEY (id),
    CONSTRAINT authors_name_key UNIQUE (name)
);
COMMENT ON TABLE authors IS 'A writer of books.';
COMMENT ON COLUMN authors.name IS 'The name as printed on the cover.';

CREATE TYPE book_format AS ENUM ('hardcover', 'paperback', 'ebook');
COMMENT ON TYPE book_format IS 'How a book is published.';

CREATE TABLE books (
    id        bigint      GENERATED ALWAYS AS IDENTITY,
    title     text        NOT NULL,
    author_id bigint      NOT NULL,
    format    book_format NOT NULL DEFAULT 'paperback',
    pages     integer,
    CONSTRAINT books_pkey PRIMARY KEY (id),
    CONSTRAINT books_author_id_fkey FOREIGN KEY (author_id) REFERENCES authors (id),
    CONSTRAINT books_pages_check CHECK (pages > 0)
);
CREATE INDEX books_author_id_idx ON books (author_id);
COMMENT ON TABLE books IS 'A book, by one author.';
COMMENT ON COLUMN books.pages IS 'Page count; unknown for some e-books.';

CREATE VIEW books_per_author AS
SELECT a.id AS author_id, a.name AS author, count(b.id) AS books
FROM authors a
LEFT JOIN books b ON b.author_id = a.id
GROUP BY a.id, a.name;
COMMENT ON VIEW books_per_author IS 'How many books each author has, none included.';

CREATE FUNCTION pages_written(author bigint) RETURNS bigint
    LANGUAGE sql STABLE
    RETURN (SELECT coalesce(sum(pages), 0) FROM books WHERE author_id = author);
COMMENT ON FUNCTION pages_written(bigint) IS 'The pages of all books of an author whose page count is known.';
