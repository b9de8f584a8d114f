package dev.latent.factorization;

import java.util.function.IntPredicate;

/**
 * Top-N selection over a dense score vector with a bounded min-heap: O(m log n) for m candidates, never a
 * full sort. Ties are broken towards the lower index so results are deterministic. One loop
 * ({@link #select(float[], int, long[], int, int)}: candidates as a bitset, an offset for paging) serves the
 * engine, the evaluation and every list the service answers; the predicate forms build a mask for it.
 */
public final class TopN {

    /** The selected indices and their scores, best first. */
    public record Ranked(int[] indices, float[] scores) {
        public int size() {
            return indices.length;
        }
    }

    private TopN() {
    }

    /**
     * Selects the {@code n} highest scores, skipping indices for which {@code excluded} is true (may be null)
     * and scores that are NaN.
     */
    public static Ranked select(float[] scores, int n, IntPredicate excluded) {
        return select(scores, scores.length, n, excluded);
    }

    /** As {@link #select(float[], int, IntPredicate)} over the first {@code length} scores. */
    public static Ranked select(float[] scores, int length, int n, IntPredicate excluded) {
        return select(scores, length, excluded == null ? null : allowedBy(length, excluded), 0, n);
    }

    /**
     * The candidate mask of the indices {@code 0..length-1} that {@code excluded} does not exclude: bit i of
     * word i/64 set means index i may be selected.
     */
    public static long[] allowedBy(int length, IntPredicate excluded) {
        long[] mask = new long[(length + 63) >>> 6];
        for (int i = 0; i < length; i++) {
            if (!excluded.test(i)) {
                mask[i >>> 6] |= 1L << i;
            }
        }
        return mask;
    }

    /**
     * The one selection loop: the ranks {@code offset .. offset+n-1} (0-based) among the indices whose bit is
     * set in {@code allowed} (bit i of word i/64; null allows every index) and whose score is not NaN: page
     * {@code offset/n} of one ranking. Only set bits are visited, so a mask holding a tenth of the catalogue
     * costs about a tenth of the selection; a page costs a heap of offset + n. Exclusions that are few (a
     * user's rated items, a request's exclude list) are cheapest as NaN marks in {@code scores}; rules that
     * remove many items (hidden, categories) as the mask.
     */
    public static Ranked select(float[] scores, int length, long[] allowed, int offset, int n) {
        if (n < 0 || offset < 0) {
            throw new IllegalArgumentException("n and offset must be >= 0");
        }
        int cap = (int) Math.min((long) offset + n, length);
        int[] heap = new int[cap];
        int size = 0;
        int words = (length + 63) >>> 6;
        if (allowed != null) {
            words = Math.min(allowed.length, words);
        }
        for (int w = 0; w < words; w++) {
            long bits = allowed == null ? -1L : allowed[w];
            while (bits != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (i >= length) {
                    break;
                }
                float s = scores[i];
                if (s != s) {
                    continue;
                }
                if (size < cap) {
                    heap[size] = i;
                    siftUp(heap, size++, scores);
                } else if (cap > 0 && better(i, heap[0], scores)) {
                    heap[0] = i;
                    siftDown(heap, size, scores);
                }
            }
        }
        int keep = Math.max(0, size - offset);
        int[] indices = new int[keep];
        float[] out = new float[keep];
        for (int k = size - 1; k >= 0; k--) {
            if (k < keep + offset && k >= offset) {
                indices[k - offset] = heap[0];
                out[k - offset] = scores[heap[0]];
            }
            heap[0] = heap[k];
            siftDown(heap, k, scores);
        }
        return new Ranked(indices, out);
    }

    /** True when candidate {@code a} ranks above {@code b}: higher score, or equal score and lower index. */
    private static boolean better(int a, int b, float[] scores) {
        return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
    }

    // Min-heap of the worst-ranked at the root.
    private static void siftUp(int[] heap, int k, float[] scores) {
        int x = heap[k];
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!better(heap[parent], x, scores)) {
                break;
            }
            heap[k] = heap[parent];
            k = parent;
        }
        heap[k] = x;
    }

    private static void siftDown(int[] heap, int size, float[] scores) {
        if (size == 0) {
            return;
        }
        int k = 0;
        int x = heap[0];
        while (true) {
            int child = 2 * k + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && better(heap[child], heap[child + 1], scores)) {
                child++;
            }
            if (!better(x, heap[child], scores)) {
                break;
            }
            heap[k] = heap[child];
            k = child;
        }
        heap[k] = x;
    }
}
