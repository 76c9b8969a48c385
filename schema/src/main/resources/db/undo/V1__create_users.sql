-- Undoes V1__create_users.sql: drops the users table with its indexes, comments and every user.
DROP TABLE users;
