-- One row the readiness probe rewrites, to learn whether the store still takes a committed write
-- (a full or read-only disk takes readiness down; see dev.latent.storage.StorageHealth).
CREATE TABLE storage_probe (
    id         INT    NOT NULL,
    checked_at BIGINT NOT NULL,
    CONSTRAINT storage_probe_pk PRIMARY KEY (id)
);
INSERT INTO storage_probe (id, checked_at) VALUES (1, 0);
