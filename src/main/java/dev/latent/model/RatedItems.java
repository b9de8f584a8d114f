package dev.latent.model;

import dev.latent.factorization.RatingMatrix;
import java.util.Arrays;

/**
 * The items each user of a model had rated when it was trained (compressed rows, items ascending), so
 * recommendations can leave them out without a database round trip.
 */
public record RatedItems(int[] ptr, int[] items) {

    public static RatedItems of(RatingMatrix m) {
        return new RatedItems(m.userPtr(), m.userItems());
    }

    /** True when user {@code u} had rated item {@code i}. */
    public boolean contains(int u, int i) {
        return Arrays.binarySearch(items, ptr[u], ptr[u + 1], i) >= 0;
    }

    public int count(int u) {
        return ptr[u + 1] - ptr[u];
    }
}
