package dev.latent.ratings;

import java.util.List;

/**
 * The read port of the rating tables for the other packages: serving (a user's ratings for fold-in and
 * explanations, the store's popular list before the first model, readiness) and training (the store's
 * fingerprint) and the catalogue (a user's and an item's rating summary). They depend on this interface, never
 * on the tables' SQL; {@link JdbcRatingReads} is the one implementation, beside {@link RatingQueries} (the API's
 * own reads) and {@link RatingScan} (the streaming read of every rating, on the snapshot's own transaction).
 */
public interface RatingReads {

    /** A user's ratings as parallel arrays of client item ids and values, in no particular order. */
    record UserRatings(String[] itemIds, float[] ratings) {
        public int size() {
            return itemIds.length;
        }
    }

    /** An item and how many ratings it has. */
    record ItemCount(String itemId, long count) {
    }

    /**
     * A condition on the row {@code i} of table {@code items} (the catalogue's business rules, which this package
     * does not know), with its JDBC parameters in order.
     */
    record ItemCondition(String sql, List<Object> args) {
        public static final ItemCondition ALL = new ItemCondition("TRUE", List.of());
    }

    /** The store's rating count, sum and newest time: what a fingerprint of the store is made of. */
    record Totals(long count, double sum, long maxTs) {
    }

    /** How many ratings a user has, and the times of the first and last (0 when none). */
    record UserActivity(long count, long firstTs, long lastTs) {
    }

    /** How many ratings an item has, and their mean ({@code null} when none). */
    record ItemStats(long count, Double mean) {
    }

    /** The user's current ratings (none for an unknown user). One indexed query. */
    UserRatings ofUser(String userId);

    /** True when any rating is stored. */
    boolean any();

    /**
     * The {@code limit} most-rated items among those meeting {@code items}, counting only ratings at or after
     * {@code sinceMillis}; ties by item id.
     */
    List<ItemCount> mostRated(ItemCondition items, long sinceMillis, int limit);

    Totals totals();

    /** The user's rating count and first/last rating time; one range read of the primary key (user first). */
    UserActivity activityOf(String userId);

    /**
     * The item's rating count and mean. Scans the ratings table (it has no item index: one would halve the
     * rating import rate, see V1_1), about 10 ms per 100k ratings.
     */
    ItemStats statsOf(String itemId);
}
