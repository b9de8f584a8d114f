-- Training runs, persisted models and the training lease. Same script for H2 2.x and PostgreSQL.

CREATE SEQUENCE training_run_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE training_runs (
    run_id          BIGINT        NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    trigger_kind    VARCHAR(16)   NOT NULL,
    phase           VARCHAR(32),
    requested_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    algorithm       VARCHAR(16)   NOT NULL,
    parameters      VARCHAR(4000) NOT NULL,
    iteration       INT           NOT NULL,
    iterations      INT           NOT NULL,
    losses          VARCHAR(20000),
    users           INT,
    items           INT,
    ratings         BIGINT,
    train_ratings   BIGINT,
    test_ratings    BIGINT,
    rmse            DOUBLE PRECISION,
    mae             DOUBLE PRECISION,
    baseline_rmse   DOUBLE PRECISION,
    ndcg            DOUBLE PRECISION,
    rating_ndcg     DOUBLE PRECISION,
    popularity_ndcg DOUBLE PRECISION,
    snapshot_ms     BIGINT,
    train_ms        BIGINT,
    total_ms        BIGINT,
    model_version   BIGINT,
    error           VARCHAR(4000),
    CONSTRAINT training_runs_pk PRIMARY KEY (run_id)
);

-- A served model: its description here, its arrays in model_chunks (1 MiB pieces, portable BYTEA).
CREATE TABLE models (
    version      BIGINT        NOT NULL,
    run_id       BIGINT,
    trained_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    info         VARCHAR(20000) NOT NULL,
    fingerprint  VARCHAR(200)  NOT NULL,
    size_bytes   BIGINT        NOT NULL,
    CONSTRAINT models_pk PRIMARY KEY (version)
);

CREATE TABLE model_chunks (
    version BIGINT NOT NULL,
    seq     INT    NOT NULL,
    data    BYTEA  NOT NULL,
    CONSTRAINT model_chunks_pk PRIMARY KEY (version, seq)
);

-- One row: which instance may train now (a lease, so several instances on one database train one at a time).
CREATE TABLE training_lease (
    id          INT          NOT NULL,
    holder      VARCHAR(100),
    expires_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT training_lease_pk PRIMARY KEY (id)
);
INSERT INTO training_lease (id, holder, expires_at) VALUES (1, NULL, NULL);
