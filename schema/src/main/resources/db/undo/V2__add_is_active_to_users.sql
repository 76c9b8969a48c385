-- Undoes V2__add_is_active_to_users.sql: drops the index, then the column; every user's flag is lost.
DROP INDEX users_is_active_id_idx;
ALTER TABLE users DROP COLUMN is_active;
