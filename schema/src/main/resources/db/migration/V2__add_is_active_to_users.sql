-- The article's second migration. A NOT NULL column with a constant default: PostgreSQL fills
-- every existing row with true (without rewriting the table), so no user is left NULL.
ALTER TABLE users
    ADD COLUMN is_active boolean NOT NULL DEFAULT true;

COMMENT ON COLUMN users.is_active IS 'Whether the user may use the service; false deactivates without deleting.';

-- Listing users filtered by the flag walks this index in id order (keyset pagination).
CREATE INDEX users_is_active_id_idx ON users (is_active, id);
