package dev.latent.ratings;

import java.util.Set;

/**
 * Published after a transaction that added, replaced or removed ratings has committed (never before, never
 * for a rolled-back write), outside any transaction: listen with a plain {@code @EventListener}.
 *
 * @param userIds the client ids of the users whose ratings changed
 * @param bulk    true for batch and import writes (many users at once), false for one rating
 */
public record RatingsChanged(Set<String> userIds, boolean bulk) {
    public RatingsChanged {
        userIds = Set.copyOf(userIds);
    }
}
