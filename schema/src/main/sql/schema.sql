-- The declared schema: the whole database as it should be, written as one would create it fresh.
-- Edit this file, then run `scripts/db migrate -m "<what changed>"`: it writes the migration (and
-- its undo script) that takes the database the migrations build to exactly this, after checking
-- both on throwaway databases. `scripts/db check` fails while the two disagree.
-- Name every constraint and index; comments become the generated classes' Javadoc.

CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    username   text        NOT NULL,
    email      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    is_active  boolean     NOT NULL DEFAULT true,
    version    bigint      NOT NULL DEFAULT 1,
    subject    text,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_length_check CHECK (char_length(username) BETWEEN 3 AND 80),
    CONSTRAINT users_email_length_check CHECK (char_length(email) BETWEEN 3 AND 254),
    CONSTRAINT users_version_positive_check CHECK (version >= 1),
    CONSTRAINT users_subject_length_check CHECK (char_length(subject) BETWEEN 1 AND 255),
    -- One user per identity: the owner of a write is found by the token's subject.
    CONSTRAINT users_subject_key UNIQUE (subject)
);

-- Unique regardless of case: "Alice" and "alice" are the same user.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
-- Listing users filtered by the flag, in id order (keyset pagination).
CREATE INDEX users_is_active_id_idx ON users (is_active, id);
-- GET /users?q=<prefix>: lower(username) LIKE '<prefix>%' as a range of this index.
CREATE INDEX users_username_lower_pattern_idx ON users (lower(username) text_pattern_ops);

COMMENT ON TABLE users IS 'A registered user of the service.';
COMMENT ON COLUMN users.id IS 'Surrogate key, assigned by the database.';
COMMENT ON COLUMN users.username IS 'Login name, 3 to 80 characters, unique ignoring case.';
COMMENT ON COLUMN users.email IS 'E-mail address, at most 254 characters, unique ignoring case.';
COMMENT ON COLUMN users.created_at IS 'When the user was created.';
COMMENT ON COLUMN users.updated_at IS 'When the user was last changed.';
COMMENT ON COLUMN users.is_active IS 'Whether the user may use the service; false deactivates without deleting.';
COMMENT ON COLUMN users.subject IS 'The bearer-token subject (sub claim) that owns this user and may change it; null when no caller owns it.';
COMMENT ON COLUMN users.version IS 'Row version, 1 when created, incremented by every update; the API''s ETag.';
