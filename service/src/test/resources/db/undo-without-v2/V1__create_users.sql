-- V1 undo for DbDowngradeTest, which needs a V1 undo but none for V2: a copy of the shipped one.
DROP TABLE users;
