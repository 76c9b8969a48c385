-- The article's User model: a user with a unique username and email.
CREATE TABLE users (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    username   text        NOT NULL,
    email      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_length_check CHECK (char_length(username) BETWEEN 3 AND 80),
    CONSTRAINT users_email_length_check CHECK (char_length(email) BETWEEN 3 AND 254)
);

-- Unique regardless of case: "Alice" and "alice" are the same user. Expression indexes rather
-- than citext keep the columns plain text (and plain String in jOOQ) and need no extension.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

COMMENT ON TABLE users IS 'A registered user of the service.';
COMMENT ON COLUMN users.id IS 'Surrogate key, assigned by the database.';
COMMENT ON COLUMN users.username IS 'Login name, 3 to 80 characters, unique ignoring case.';
COMMENT ON COLUMN users.email IS 'E-mail address, at most 254 characters, unique ignoring case.';
COMMENT ON COLUMN users.created_at IS 'When the user was created.';
COMMENT ON COLUMN users.updated_at IS 'When the user was last changed.';
