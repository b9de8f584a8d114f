package dev.latent.ratings;

import java.util.Arrays;

/**
 * Ratings to write, packed in growable parallel primitive arrays (no boxing): a user index and an item index
 * into the caller's id lists, the rating, and the timestamp in epoch millis. 20 bytes a row, plus 24 while
 * sorting.
 *
 * <p>{@link #sortedByKeys(int[], int[])} maps the indices to store keys, sorts the rows by (user key,
 * item key) with a stable LSD radix sort, and keeps the last of equal pairs, so "the latest line wins".
 */
final class RatingRows {

    private int[] users;
    private int[] items;
    private float[] ratings;
    private long[] times;
    private int size;

    RatingRows(int capacity) {
        int c = Math.max(capacity, 16);
        users = new int[c];
        items = new int[c];
        ratings = new float[c];
        times = new long[c];
    }

    void add(int user, int item, float rating, long timeMillis) {
        if (size == users.length) {
            int c = users.length + (users.length >> 1);
            users = Arrays.copyOf(users, c);
            items = Arrays.copyOf(items, c);
            ratings = Arrays.copyOf(ratings, c);
            times = Arrays.copyOf(times, c);
        }
        users[size] = user;
        items[size] = item;
        ratings[size] = rating;
        times[size] = timeMillis;
        size++;
    }

    int size() {
        return size;
    }

    int user(int row) {
        return users[row];
    }

    int item(int row) {
        return items[row];
    }

    float rating(int row) {
        return ratings[row];
    }

    long time(int row) {
        return times[row];
    }

    /**
     * A copy with user and item indices replaced by store keys ({@code userKeys[index]},
     * {@code itemKeys[index]}, both non-negative), sorted by (user key, item key), keeping only the last row
     * of each pair. This object is left as it was (a retried transaction maps it again).
     */
    RatingRows sortedByKeys(int[] userKeys, int[] itemKeys) {
        long[] keys = new long[size];
        int[] order = new int[size];
        for (int r = 0; r < size; r++) {
            keys[r] = ((long) userKeys[users[r]] << 32) | (itemKeys[items[r]] & 0xFFFFFFFFL);
            order[r] = r;
        }
        radixSort(keys, order, size);
        int[] u = new int[size];
        int[] it = new int[size];
        float[] ra = new float[size];
        long[] ti = new long[size];
        int n = 0;
        for (int k = 0; k < size; k++) {
            if (k + 1 < size && keys[k + 1] == keys[k]) {
                continue; // stable sort: a later duplicate follows, and the later line wins
            }
            int r = order[k];
            u[n] = (int) (keys[k] >>> 32);
            it[n] = (int) keys[k];
            ra[n] = ratings[r];
            ti[n] = times[r];
            n++;
        }
        RatingRows sorted = new RatingRows(0);
        sorted.users = u;
        sorted.items = it;
        sorted.ratings = ra;
        sorted.times = ti;
        sorted.size = n;
        return sorted;
    }

    /** Stable LSD radix sort of {@code keys[0..n)} (non-negative) carrying {@code order}; 16-bit digits. */
    static void radixSort(long[] keys, int[] order, int n) {
        long all = 0;
        for (int i = 0; i < n; i++) {
            all |= keys[i];
        }
        long[] k2 = new long[n];
        int[] o2 = new int[n];
        int[] count = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16) {
            if (((all >>> shift) & 0xFFFF) == 0) {
                continue; // every key has zeros in this digit: the pass would not move anything
            }
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) ((keys[i] >>> shift) & 0xFFFF)]++;
            }
            int sum = 0;
            for (int d = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int pos = count[(int) ((keys[i] >>> shift) & 0xFFFF)]++;
                k2[pos] = keys[i];
                o2[pos] = order[i];
            }
            System.arraycopy(k2, 0, keys, 0, n);
            System.arraycopy(o2, 0, order, 0, n);
        }
    }
}
