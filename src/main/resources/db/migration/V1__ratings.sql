-- Ratings store. The same script runs on H2 2.x and PostgreSQL 15+ (Hibernate only validates).
-- Client ids are strings; inside the store they are small int keys drawn from sequences, so a trainer
-- can map them to dense indices cheaply. No foreign keys: the ingest service keeps the tables consistent,
-- and a foreign-key probe per row would halve the bulk import rate.

CREATE SEQUENCE user_key_seq START WITH 1 INCREMENT BY 1;
CREATE SEQUENCE item_key_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE users (
    user_key    INT          NOT NULL,
    external_id VARCHAR(128) NOT NULL,
    CONSTRAINT users_pk PRIMARY KEY (user_key),
    CONSTRAINT users_external_id_uk UNIQUE (external_id)
);

CREATE TABLE items (
    item_key    INT          NOT NULL,
    external_id VARCHAR(128) NOT NULL,
    CONSTRAINT items_pk PRIMARY KEY (item_key),
    CONSTRAINT items_external_id_uk UNIQUE (external_id)
);

-- One row per (user, item): the latest rating wins. ts is epoch milliseconds.
-- The primary key clusters a user's ratings together (H2 and the snapshot scan both like that);
-- ratings_item_idx serves DELETE /items/{itemId}.
CREATE TABLE ratings (
    user_key INT    NOT NULL,
    item_key INT    NOT NULL,
    rating   REAL   NOT NULL,
    ts       BIGINT NOT NULL,
    CONSTRAINT ratings_pk PRIMARY KEY (user_key, item_key)
);

CREATE INDEX ratings_item_idx ON ratings (item_key);
