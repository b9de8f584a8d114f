package dev.latent.model;

import dev.latent.factorization.RatingMatrix;

/**
 * A list of rating triples over dense indices, as parallel primitive arrays of which the first {@code size}
 * entries are used, with the id maps that turned raw identifiers into those indices. Several lists read with
 * the same maps (a train and a test file) share one index space; {@code numUsers()} and {@code numItems()}
 * are the sizes of the maps, so they cover every list read so far.
 */
public record Ratings(int[] users, int[] items, float[] ratings, int size, IdMap userIds, IdMap itemIds) {

    public int numUsers() {
        return userIds.size();
    }

    public int numItems() {
        return itemIds.size();
    }

    /** The observed-cell matrix over the full index space of the maps. */
    public RatingMatrix toMatrix() {
        return RatingMatrix.of(numUsers(), numItems(), users, items, ratings, size);
    }

    /** The entries whose positions are {@code selected[0..n)}, in that order, with the same maps. */
    public Ratings subset(int[] selected, int n) {
        int[] u = new int[n];
        int[] i = new int[n];
        float[] r = new float[n];
        for (int e = 0; e < n; e++) {
            int p = selected[e];
            u[e] = users[p];
            i[e] = items[p];
            r[e] = ratings[p];
        }
        return new Ratings(u, i, r, n, userIds, itemIds);
    }

    /** Smallest and largest rating, {@code {min, max}}; {@code {NaN, NaN}} when empty. */
    public float[] scale() {
        float min = Float.NaN;
        float max = Float.NaN;
        for (int e = 0; e < size; e++) {
            float v = ratings[e];
            min = e == 0 ? v : Math.min(min, v);
            max = e == 0 ? v : Math.max(max, v);
        }
        return new float[] {min, max};
    }
}
