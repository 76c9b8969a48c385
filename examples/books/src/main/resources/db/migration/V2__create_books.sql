-- V2: create books
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
