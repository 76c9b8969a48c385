-- A migration that fails halfway, for ApplicationTest: the first two statements succeed, the third
-- names a table that does not exist. PostgreSQL runs DDL in the migration's transaction, so
-- neither the column nor the table may remain. Version 1000 stays above the real migrations.
ALTER TABLE users ADD COLUMN broken_probe text;
CREATE TABLE broken_probe (id integer);
ALTER TABLE no_such_table ADD COLUMN bio text;
