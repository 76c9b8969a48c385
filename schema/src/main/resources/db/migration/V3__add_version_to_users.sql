-- Optimistic concurrency: every change to a user increments version, and the API hands it out as
-- the user's ETag, so a client can make a change conditional on the row being as it last saw it.
-- The constant default fills every existing row with 1 without rewriting the table.
ALTER TABLE users
    ADD COLUMN version bigint NOT NULL DEFAULT 1,
    ADD CONSTRAINT users_version_positive_check CHECK (version >= 1);

COMMENT ON COLUMN users.version IS 'Row version, 1 when created, incremented by every update; the API''s ETag.';
