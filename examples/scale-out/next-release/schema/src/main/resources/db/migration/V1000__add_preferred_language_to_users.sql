-- The column of the live schema change (scripts/cluster/load.sh), not part of the product's
-- schema. NOT NULL with a constant default is a change to the catalogue alone in PostgreSQL 11+:
-- no table rewrite, so the ACCESS EXCLUSIVE lock it needs is held for milliseconds. Getting that
-- lock is the risk under traffic; `scripts/db upgrade` waits for it at most 200 ms at a time.
ALTER TABLE users
    ADD COLUMN preferred_language text NOT NULL DEFAULT 'en';

COMMENT ON COLUMN users.preferred_language IS 'The language the user reads, a BCP 47 tag; en unless set.';
