-- Hyperparameter search and the quality gate (issue 10). Same script for H2 2.x and PostgreSQL.

-- A run's search: every trial (configuration, rung, validation score) and the best so far, as JSON; the
-- configuration the run trained and where it came from; the gate's verdict with both models' figures.
ALTER TABLE training_runs ADD COLUMN search_progress VARCHAR(1000000);
ALTER TABLE training_runs ADD COLUMN configuration VARCHAR(8000);
ALTER TABLE training_runs ADD COLUMN gate VARCHAR(4000);
ALTER TABLE training_runs ADD COLUMN forced BOOLEAN DEFAULT FALSE NOT NULL;

-- The measured fit of a served model (trained without the held-out part): what the next run's quality gate
-- scores on its held-out part. Same encoding and 1 MiB pieces as model_chunks; kept for the kept models only.
CREATE TABLE model_references (
    version BIGINT NOT NULL,
    seq     INT    NOT NULL,
    data    BYTEA  NOT NULL,
    CONSTRAINT model_references_pk PRIMARY KEY (version, seq)
);
