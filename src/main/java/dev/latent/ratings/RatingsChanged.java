package dev.latent.ratings;

import java.util.Set;

/**
 * Published after a transaction that added, replaced or removed ratings has committed (never before, never
 * for a rolled-back write), outside any transaction: listen with a plain {@code @EventListener}.
 *
 * @param userIds the client ids of the users whose ratings changed
 * @param bulk    true for batch and import writes (many users at once), false for one rating
 * @param feedSeq the number of the write's row in the {@link ChangeFeed} ({@link ChangeFeed#NOT_RECORDED}
 *                when the feed is off)
 */
public record RatingsChanged(Set<String> userIds, boolean bulk, long feedSeq) {
    public RatingsChanged {
        userIds = Set.copyOf(userIds);
    }

    public RatingsChanged(Set<String> userIds, boolean bulk) {
        this(userIds, bulk, ChangeFeed.NOT_RECORDED);
    }
}
