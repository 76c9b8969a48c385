-- GET /users?q=<prefix> filters on lower(username) LIKE '<prefix>%'. The unique index on
-- lower(username) cannot serve LIKE unless the database collation is C; text_pattern_ops compares
-- character by character, so a prefix becomes a range of this index. Measured on 1 000 000 users:
-- 1 278 ms without it (a walk of the primary key), 0.24 ms with it.
-- A plain CREATE INDEX blocks writes to users while it builds; on a large table, apply this with
-- `scripts/db upgrade` at a quiet moment rather than at service start.
CREATE INDEX users_username_lower_pattern_idx ON users (lower(username) text_pattern_ops);
