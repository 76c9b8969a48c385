-- A broken undo script for DbDowngradeTest: the table it drops does not exist.
DROP TABLE no_such_table;
