-- V1: create authors
CREATE TABLE authors (
    id   bigint GENERATED ALWAYS AS IDENTITY,
    name text   NOT NULL,
    CONSTRAINT authors_pkey PRIMARY KEY (id),
    CONSTRAINT authors_name_key UNIQUE (name)
);
COMMENT ON TABLE authors IS 'A writer of books.';
COMMENT ON COLUMN authors.name IS 'The name as printed on the cover.';
