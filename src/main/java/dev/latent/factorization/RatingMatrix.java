package dev.latent.factorization;

/**
 * The observed cells of a users × items rating matrix, held twice in flat primitive arrays: by user
 * (compressed sparse rows) and by item (compressed sparse columns). Missing cells are unknown, not zero:
 * nothing here stores or iterates them.
 *
 * <p>Users and items are dense indices {@code 0..numUsers-1} and {@code 0..numItems-1}. Within a user's
 * row the items are ascending; within an item's column the users are ascending, so every traversal is
 * deterministic whatever order the cells arrived in. The caller supplies at most one rating per cell.
 *
 * <p>Memory: 24 bytes per rating (two copies of an int index and a float value, plus pointers).
 */
public final class RatingMatrix {

    private final int numUsers;
    private final int numItems;
    private final int[] userPtr;
    private final int[] userItems;
    private final float[] userRatings;
    private final int[] itemPtr;
    private final int[] itemUsers;
    private final float[] itemRatings;

    private RatingMatrix(int numUsers, int numItems, int[] userPtr, int[] userItems, float[] userRatings,
                         int[] itemPtr, int[] itemUsers, float[] itemRatings) {
        this.numUsers = numUsers;
        this.numItems = numItems;
        this.userPtr = userPtr;
        this.userItems = userItems;
        this.userRatings = userRatings;
        this.itemPtr = itemPtr;
        this.itemUsers = itemUsers;
        this.itemRatings = itemRatings;
    }

    /**
     * Builds the matrix from {@code n} cells given as parallel arrays (only the first {@code n} entries
     * are read; the arrays are not kept). Cost O(n + numUsers + numItems).
     *
     * @throws IllegalArgumentException if an index is out of range or a rating is not finite
     */
    public static RatingMatrix of(int numUsers, int numItems, int[] users, int[] items, float[] ratings, int n) {
        if (numUsers < 0 || numItems < 0 || n < 0 || n > users.length || n > items.length || n > ratings.length) {
            throw new IllegalArgumentException("bad sizes");
        }
        for (int e = 0; e < n; e++) {
            if (users[e] < 0 || users[e] >= numUsers || items[e] < 0 || items[e] >= numItems) {
                throw new IllegalArgumentException("cell " + e + " (" + users[e] + "," + items[e] + ") out of range");
            }
            if (!Float.isFinite(ratings[e])) {
                throw new IllegalArgumentException("cell " + e + " has a non-finite rating");
            }
        }
        // Counting sort by item, then regroup by user (items ascending within a user),
        // then regroup by item again (users ascending within an item).
        int[] byItemPtr = pointers(items, n, numItems);
        int[] byItemUsers = new int[n];
        float[] byItemRatings = new float[n];
        int[] next = byItemPtr.clone();
        for (int e = 0; e < n; e++) {
            int p = next[items[e]]++;
            byItemUsers[p] = users[e];
            byItemRatings[p] = ratings[e];
        }
        int[] uPtr = pointers(users, n, numUsers);
        int[] uItems = new int[n];
        float[] uRatings = new float[n];
        next = uPtr.clone();
        for (int i = 0; i < numItems; i++) {
            for (int p = byItemPtr[i]; p < byItemPtr[i + 1]; p++) {
                int q = next[byItemUsers[p]]++;
                uItems[q] = i;
                uRatings[q] = byItemRatings[p];
            }
        }
        next = byItemPtr.clone();
        for (int u = 0; u < numUsers; u++) {
            for (int p = uPtr[u]; p < uPtr[u + 1]; p++) {
                int q = next[uItems[p]]++;
                byItemUsers[q] = u;
                byItemRatings[q] = uRatings[p];
            }
        }
        return new RatingMatrix(numUsers, numItems, uPtr, uItems, uRatings, byItemPtr, byItemUsers, byItemRatings);
    }

    /** Builds the matrix from all cells of the parallel arrays. */
    public static RatingMatrix of(int numUsers, int numItems, int[] users, int[] items, float[] ratings) {
        return of(numUsers, numItems, users, items, ratings, users.length);
    }

    private static int[] pointers(int[] index, int n, int size) {
        int[] ptr = new int[size + 1];
        for (int e = 0; e < n; e++) {
            ptr[index[e] + 1]++;
        }
        for (int i = 0; i < size; i++) {
            ptr[i + 1] += ptr[i];
        }
        return ptr;
    }

    public int numUsers() {
        return numUsers;
    }

    public int numItems() {
        return numItems;
    }

    /** Number of observed cells. */
    public int size() {
        return userItems.length;
    }

    /** Row pointers by user: user {@code u}'s cells are {@code [userPtr[u], userPtr[u+1])}. Do not modify. */
    public int[] userPtr() {
        return userPtr;
    }

    /** Item index of each cell in user order. Do not modify. */
    public int[] userItems() {
        return userItems;
    }

    /** Rating of each cell in user order. Do not modify. */
    public float[] userRatings() {
        return userRatings;
    }

    /** Column pointers by item: item {@code i}'s cells are {@code [itemPtr[i], itemPtr[i+1])}. Do not modify. */
    public int[] itemPtr() {
        return itemPtr;
    }

    /** User index of each cell in item order. Do not modify. */
    public int[] itemUsers() {
        return itemUsers;
    }

    /** Rating of each cell in item order. Do not modify. */
    public float[] itemRatings() {
        return itemRatings;
    }

    public int userCount(int u) {
        return userPtr[u + 1] - userPtr[u];
    }

    public int itemCount(int i) {
        return itemPtr[i + 1] - itemPtr[i];
    }

    /** Mean of all observed ratings (0 when there are none). */
    public double mean() {
        double sum = 0;
        for (float r : userRatings) {
            sum += r;
        }
        return userRatings.length == 0 ? 0 : sum / userRatings.length;
    }

    /** The rating at (u, i), or NaN when the cell is not observed. Binary search over the user's row. */
    public float get(int u, int i) {
        int lo = userPtr[u];
        int hi = userPtr[u + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = userItems[mid];
            if (v < i) {
                lo = mid + 1;
            } else if (v > i) {
                hi = mid - 1;
            } else {
                return userRatings[mid];
            }
        }
        return Float.NaN;
    }
}
