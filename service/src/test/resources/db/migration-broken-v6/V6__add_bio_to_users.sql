-- A migration that fails, for DbUpgradeTest: its second statement names a table that does not exist.
ALTER TABLE users ADD COLUMN bio text;
ALTER TABLE no_such_table ADD COLUMN bio text;
