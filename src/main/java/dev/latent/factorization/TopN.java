package dev.latent.factorization;

import java.util.function.IntPredicate;

/**
 * Top-N selection over a dense score vector with a bounded min-heap: O(m log n) for m candidates, never a
 * full sort. The order is {@link Float#compare}'s, descending (so +0 ranks above −0), ties broken towards the
 * lower index so results are deterministic; NaN scores are never selected. One loop
 * ({@link #select(float[], int, int, long[], int, int)}: a slice of a score array, candidates as a bitset, an
 * offset for paging) serves the engine, the evaluation, every list the service answers and the terms of an
 * explanation; the other forms are views of it.
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
        return select(scores, 0, length, allowed, offset, n);
    }

    /**
     * The {@code n} highest of the slice {@code scores[from .. from+length)} (e.g. one row of a row-major
     * matrix), as positions within the slice ({@code 0..length-1}), best first, ties by the lower position;
     * NaN is never selected.
     */
    public static Ranked select(float[] scores, int from, int length, int n) {
        return select(scores, from, length, null, 0, n);
    }

    /**
     * The one selection loop. Over the slice {@code scores[from .. from+length)}, with positions
     * {@code i = 0..length-1} (score {@code scores[from + i]}): the ranks {@code offset .. offset+n-1} (0-based)
     * among the positions whose bit is set in {@code allowed} (bit i of word i/64; null allows every position)
     * and whose score is not NaN; the indices returned are positions.
     */
    public static Ranked select(float[] scores, int from, int length, long[] allowed, int offset, int n) {
        if (n < 0 || offset < 0 || from < 0 || length < 0 || (long) from + length > scores.length) {
            throw new IllegalArgumentException("n, offset, from and length must be >= 0, the slice within the scores");
        }
        int cap = (int) Math.min((long) offset + n, length);
        int[] heap = new int[cap];
        Heap h = new Heap(heap, cap, scores);
        if (allowed == null) { // every position: the visits of an all-ones mask, in its order, without the bit walk
            h.offerRange(from, from + length);
        } else {
            int words = Math.min(allowed.length, (length + 63) >>> 6);
            for (int w = 0; w < words; w++) {
                long bits = allowed[w];
                int base = w << 6;
                if (bits == -1L && base + 64 <= length) { // a full word: its 64 positions in order, no bit walk
                    h.offerRange(from + base, from + base + 64);
                    continue;
                }
                while (bits != 0) {
                    int p = base + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (p >= length) {
                        break;
                    }
                    h.offer(from + p);
                }
            }
        }
        int size = h.size;
        int keep = Math.max(0, size - offset);
        int[] indices = new int[keep];
        float[] out = new float[keep];
        for (int k = size - 1; k >= 0; k--) {
            if (k < keep + offset && k >= offset) {
                indices[k - offset] = heap[0] - from;
                out[k - offset] = scores[heap[0]];
            }
            heap[0] = heap[k];
            siftDown(heap, k, scores);
        }
        return new Ranked(indices, out);
    }

    /**
     * The bounded min-heap of one selection (the worst-ranked at the root) and the root's score, so that a
     * candidate scoring below it, most of them once the heap is full, costs one comparison.
     */
    private static final class Heap {
        final int[] heap;
        final int cap;
        final float[] scores;
        int size;
        /** The root's score once the heap is full; NaN (no candidate is below it) until then. */
        float worst = Float.NaN;

        Heap(int[] heap, int cap, float[] scores) {
            this.heap = heap;
            this.cap = cap;
            this.scores = scores;
        }

        void offerRange(int from, int to) {
            float[] s = scores;
            for (int i = from; i < to; i++) {
                if (s[i] < worst) { // false for NaN either side: those go to offer
                    continue;
                }
                offer(i);
            }
        }

        /** Offers candidate {@code i}; a NaN score is skipped. */
        void offer(int i) {
            float s = scores[i];
            if (s != s) {
                return;
            }
            if (size < cap) {
                heap[size] = i;
                siftUp(heap, size, scores);
                if (++size == cap) {
                    worst = scores[heap[0]];
                }
                return;
            }
            // s < worst cannot rank above the root; s == worst may (+0 above -0, or the lower index)
            if (cap > 0 && !(s < worst) && better(i, heap[0], scores)) {
                heap[0] = i;
                siftDown(heap, size, scores);
                worst = scores[heap[0]];
            }
        }
    }

    /**
     * True when candidate {@code a} ranks above {@code b} (neither NaN): the higher score by
     * {@link Float#compare} (+0 above −0), or the same score and the lower index.
     */
    private static boolean better(int a, int b, float[] scores) {
        float x = scores[a];
        float y = scores[b];
        if (x != y) {
            return x > y;
        }
        // numerically equal: the bits differ only for +0 (0) against −0 (negative as an int)
        int bx = Float.floatToRawIntBits(x);
        int by = Float.floatToRawIntBits(y);
        return bx != by ? bx > by : a < b;
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
