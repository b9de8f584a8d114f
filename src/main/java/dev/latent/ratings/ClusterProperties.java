package dev.latent.ratings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code latent.cluster.*}: several instances on one PostgreSQL database that agree on what they serve.
 *
 * @param enabled    write every accepted change to the store's change feed and apply the changes made through
 *                   the other instances (on in the postgres profile; H2 is single-instance)
 * @param changePoll how often an instance reads the change feed for other instances' writes (the bound on how
 *                   late one is served; PostgreSQL's NOTIFY wakes the reader earlier)
 * @param gapTimeout how long a number missing from the feed (a write still committing, or one rolled back) is
 *                   looked for again before the reader gives up on it
 */
@ConfigurationProperties("latent.cluster")
public record ClusterProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("250ms") Duration changePoll,
        @DefaultValue("1m") Duration gapTimeout) {
}
