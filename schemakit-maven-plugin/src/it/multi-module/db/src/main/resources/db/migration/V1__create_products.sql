CREATE TABLE products (
    id   bigint GENERATED ALWAYS AS IDENTITY,
    name text   NOT NULL,
    CONSTRAINT products_pkey PRIMARY KEY (id)
);
