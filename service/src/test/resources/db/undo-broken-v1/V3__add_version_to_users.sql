-- Undoes V3__add_version_to_users.sql: drops the column with its check; the versions are lost.
ALTER TABLE users DROP COLUMN version;
