package dev.latent.ratings;

import java.util.List;

/**
 * The read port of the rating tables for the other packages: serving (a user's ratings for fold-in and
 * explanations, the store's popular list before the first model, readiness) and training (the store's
 * fingerprint). They depend on this interface, never on the tables' SQL; {@link JdbcRatingReads} is the one
 * implementation, beside {@link RatingQueries} (the API's own reads) and the snapshot of training.
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
}
