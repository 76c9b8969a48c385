-- Undoes V4__create_pages_written.sql.
DROP FUNCTION pages_written(bigint);
