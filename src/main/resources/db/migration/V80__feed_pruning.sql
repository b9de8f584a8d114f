-- Who prunes the change feed and when (dev.latent.training.FeedPruner): one row, claimed by a conditional
-- update, so that of the instances sharing the database one prunes at a time, whether or not any of them
-- trains (latent.training.engine=external). pruned_floor is the feed number it pruned up to. Same script for
-- H2 2.x and PostgreSQL.
CREATE TABLE feed_pruning (
    id           INT    NOT NULL,
    pruned_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    pruned_floor BIGINT NOT NULL,
    CONSTRAINT feed_pruning_pk PRIMARY KEY (id)
);
INSERT INTO feed_pruning (id, pruned_at, pruned_floor) VALUES (1, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', -1);
