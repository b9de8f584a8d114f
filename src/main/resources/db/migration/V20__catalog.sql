-- Item catalogue and user profiles (issue 14). Catalogue data lives on the existing items and users rows, so
-- an item put into the catalogue and the same item created by a rating are one row with one key, and
-- DELETE /items/{itemId} (which deletes the row) removes its catalogue data too. Rows created by ratings
-- alone keep the defaults: visible, no window, no categories, no labels, cataloged_at NULL.
-- Times are epoch milliseconds. labels holds the client's JSON object as text (at most 16 KB, checked by
-- the service), the same on H2 and PostgreSQL.

ALTER TABLE items ADD COLUMN hidden BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE items ADD COLUMN available_from BIGINT;
ALTER TABLE items ADD COLUMN available_until BIGINT;
ALTER TABLE items ADD COLUMN labels VARCHAR(16384);
-- when the item first entered the catalogue (GET /items/latest); NULL for items known only from ratings
ALTER TABLE items ADD COLUMN cataloged_at BIGINT;
ALTER TABLE items ADD COLUMN updated_at BIGINT;

-- One row per (category, item): the primary key serves GET /items?category=... in key order, the second
-- index the replacement of an item's categories. The foreign key deletes them with the item.
CREATE TABLE item_categories (
    category VARCHAR(128) NOT NULL,
    item_key INT          NOT NULL,
    CONSTRAINT item_categories_pk PRIMARY KEY (category, item_key),
    CONSTRAINT item_categories_item_fk FOREIGN KEY (item_key) REFERENCES items (item_key) ON DELETE CASCADE
);
CREATE INDEX item_categories_item_idx ON item_categories (item_key);

ALTER TABLE users ADD COLUMN labels VARCHAR(16384);
ALTER TABLE users ADD COLUMN updated_at BIGINT;
