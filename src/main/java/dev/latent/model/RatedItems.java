package dev.latent.model;

import dev.latent.factorization.RatingMatrix;
import java.util.Arrays;

/**
 * The items each user of a model had rated when it was trained (compressed rows, items ascending), so
 * recommendations can leave them out without a database round trip, and the rating of each (same layout),
 * so a user's explanation is computed from the ratings the model was trained on without reading the store.
 *
 * @param values the rating of each cell, parallel to {@code items}; null for a model stored without them
 *               (model formats before 4, or a writer that leaves them out): then explanations read the store
 */
public record RatedItems(int[] ptr, int[] items, float[] values) {

    public RatedItems {
        if (values != null && values.length != items.length) {
            throw new IllegalArgumentException("rated values (" + values.length + ") do not match the rated items ("
                    + items.length + ")");
        }
    }

    /** Rated items without their values. */
    public RatedItems(int[] ptr, int[] items) {
        this(ptr, items, null);
    }

    public static RatedItems of(RatingMatrix m) {
        return new RatedItems(m.userPtr(), m.userItems(), m.userRatings());
    }

    /** True when user {@code u} had rated item {@code i}. */
    public boolean contains(int u, int i) {
        return Arrays.binarySearch(items, ptr[u], ptr[u + 1], i) >= 0;
    }

    public int count(int u) {
        return ptr[u + 1] - ptr[u];
    }
}
