-- V4: create pages written
CREATE FUNCTION pages_written(author bigint) RETURNS bigint
    LANGUAGE sql STABLE
    RETURN (SELECT coalesce(sum(pages), 0) FROM books WHERE author_id = author);
COMMENT ON FUNCTION pages_written(bigint) IS 'The pages of all books of an author whose page count is known.';
