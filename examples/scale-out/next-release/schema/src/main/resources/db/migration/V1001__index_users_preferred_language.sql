-- Built CONCURRENTLY, so writes go on while it builds; that cannot run in a transaction (see the
-- .conf file beside this one). A build cut short by a lock wait leaves an invalid index behind,
-- so the migration drops any first and can simply be run again.
DROP INDEX CONCURRENTLY IF EXISTS users_preferred_language_idx;

CREATE INDEX CONCURRENTLY users_preferred_language_idx
    ON users (preferred_language);
