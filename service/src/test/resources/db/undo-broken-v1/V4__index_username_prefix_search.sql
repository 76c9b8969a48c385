-- Undoes V4__index_username_prefix_search.sql: username prefix searches walk the table again.
DROP INDEX users_username_lower_pattern_idx;
