package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopNTest {

    @Test
    void selectsHighestScoresBestFirstSkippingExcludedAndNaN() {
        float[] s = {0.5f, 3f, Float.NaN, 2f, 3f, -1f};
        TopN.Ranked r = TopN.select(s, 3, i -> i == 3);
        assertArrayEquals(new int[] {1, 4, 0}, r.indices(), "ties go to the lower index");
        assertArrayEquals(new float[] {3f, 3f, 0.5f}, r.scores());
    }

    @Test
    void agreesWithAFullSortOnRandomScores() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int m = 1 + rnd.nextInt(300);
            float[] s = new float[m];
            for (int i = 0; i < m; i++) {
                s[i] = rnd.nextInt(40) / 4f;
            }
            int n = rnd.nextInt(m + 5);
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
            int[] expected = Arrays.stream(order).limit(Math.min(n, m)).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, TopN.select(s, n, null).indices());
        }
    }

    @Test
    void maskedPagesAreSlicesOfOneRankingOverTheAllowedItems() {
        java.util.Random rnd = new java.util.Random(3);
        int n = 300;
        float[] scores = new float[n];
        long[] mask = new long[(n + 63) / 64];
        for (int i = 0; i < n; i++) {
            scores[i] = rnd.nextInt(50); // many ties
            if (i % 7 == 0) {
                scores[i] = Float.NaN;
            }
            if (rnd.nextInt(10) < 3) {
                mask[i >>> 6] |= 1L << i;
            }
        }
        TopN.Ranked all = TopN.select(scores, n, n, i -> (mask[i >>> 6] & (1L << i)) == 0);
        TopN.Ranked first20 = TopN.select(scores, n, mask, 0, 20);
        assertArrayEquals(Arrays.copyOf(all.indices(), 20), first20.indices());
        TopN.Ranked page2 = TopN.select(scores, n, mask, 10, 10);
        assertArrayEquals(Arrays.copyOfRange(first20.indices(), 10, 20), page2.indices());
        TopN.Ranked tail = TopN.select(scores, n, mask, all.size() - 3, 10);
        assertArrayEquals(Arrays.copyOfRange(all.indices(), all.size() - 3, all.size()), tail.indices());
        assertArrayEquals(new int[0], TopN.select(scores, n, mask, all.size(), 10).indices());
    }

    /** The one loop against a full sort: random masks (null: every index), offsets past the end, many ties. */
    @Test
    void everyPageOfEveryMaskAgreesWithAFullSort() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + rnd.nextInt(200);
            float[] s = new float[m];
            long[] mask = trial % 5 == 0 ? null : new long[(m + 63) / 64 + rnd.nextInt(2)];
            for (int i = 0; i < m; i++) {
                s[i] = rnd.nextInt(8) == 0 ? Float.NaN : rnd.nextInt(30) / 2f;
                if (mask != null && rnd.nextBoolean()) {
                    mask[i >>> 6] |= 1L << i;
                }
            }
            if (mask != null && mask.length > (m + 63) / 64) {
                mask[mask.length - 1] = -1L; // bits past the scores are never selected
            }
            long[] allowed = mask;
            int[] expected = java.util.stream.IntStream.range(0, m)
                    .filter(i -> s[i] == s[i] && (allowed == null || (allowed[i >>> 6] & (1L << i)) != 0)).boxed()
                    .sorted((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b))
                    .mapToInt(Integer::intValue).toArray();
            int offset = rnd.nextInt(m + 3);
            int n = rnd.nextInt(15);
            int[] page = Arrays.copyOfRange(expected, Math.min(offset, expected.length),
                    Math.min(offset + n, expected.length));
            TopN.Ranked r = TopN.select(s, m, allowed, offset, n);
            assertArrayEquals(page, r.indices(), "trial " + trial);
            for (int k = 0; k < page.length; k++) {
                org.junit.jupiter.api.Assertions.assertEquals(s[page[k]], r.scores()[k]);
            }
        }
    }

    /**
     * Masks of whole words (all set, none, random bits) over scores with ties, +0 and -0 and NaN: a full word's
     * 64 positions are offered in order without the bit walk, and a candidate equal to the heap's worst still
     * goes through the full comparison (+0 above -0, the lower index first).
     */
    @Test
    void fullMaskWordsAndZerosOfBothSignsAgreeWithAFullSort() {
        Random rnd = new Random(13);
        for (int trial = 0; trial < 300; trial++) {
            int m = 1 + rnd.nextInt(400);
            float[] s = new float[m];
            for (int i = 0; i < m; i++) {
                s[i] = switch (rnd.nextInt(6)) {
                    case 0 -> -0f;
                    case 1 -> 0f;
                    case 2 -> Float.NaN;
                    default -> (rnd.nextInt(9) - 4) / 4f;
                };
            }
            long[] mask = new long[(m + 63) / 64];
            for (int w = 0; w < mask.length; w++) {
                mask[w] = switch (rnd.nextInt(3)) {
                    case 0 -> -1L;
                    case 1 -> 0L;
                    default -> rnd.nextLong();
                };
            }
            int[] expected = java.util.stream.IntStream.range(0, m)
                    .filter(i -> s[i] == s[i] && (mask[i >>> 6] & (1L << i)) != 0).boxed()
                    .sorted((a, b) -> Float.compare(s[b], s[a]) != 0 ? Float.compare(s[b], s[a]) : Integer.compare(a, b))
                    .mapToInt(Integer::intValue).toArray();
            int offset = rnd.nextInt(20);
            int n = rnd.nextInt(25);
            int[] page = Arrays.copyOfRange(expected, Math.min(offset, expected.length),
                    Math.min(offset + n, expected.length));
            assertArrayEquals(page, TopN.select(s, m, mask, offset, n).indices(), "trial " + trial);
        }
    }

    @Test
    void anExclusionPredicateBecomesTheMaskOfTheOtherIndices() {
        long[] mask = TopN.allowedBy(70, i -> i % 2 == 1 || i == 68);
        assertArrayEquals(new long[] {0x5555555555555555L, 0b101L}, mask, "even indices but 68");
    }

    /**
     * The slice form (what an explanation ranks its terms with, one row of a terms matrix at a time) orders the
     * positions of the slice as a stable descending sort by {@link Double#compare} does, signed zeros included
     * (+0 above −0): moved here from ScoreExplainerTest with the selection it tested.
     */
    @Test
    void aSliceIsRankedAsAStableDescendingSortOfItsPositions() {
        Random rnd = new Random(9);
        for (int round = 0; round < 500; round++) {
            int n = 1 + rnd.nextInt(40);
            int offset = rnd.nextInt(5);
            float[] terms = new float[offset + n + rnd.nextInt(3)];
            for (int j = 0; j < terms.length; j++) {
                // few distinct values, so ties (and signed zeros) occur
                terms[j] = switch (rnd.nextInt(6)) {
                    case 0 -> 0f;
                    case 1 -> -0f;
                    default -> (rnd.nextInt(7) - 3) / 2f;
                };
            }
            int max = 1 + rnd.nextInt(12);
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, java.util.Comparator.comparingDouble((Integer j) -> -terms[offset + j]));
            int keep = Math.min(max, n);
            TopN.Ranked top = TopN.select(terms, offset, n, max);
            assertEquals(keep, top.size());
            assertArrayEquals(Arrays.stream(order).limit(keep).mapToInt(Integer::intValue).toArray(), top.indices(),
                    "round " + round);
            for (int r = 0; r < keep; r++) {
                assertEquals(Float.floatToRawIntBits(terms[offset + top.indices()[r]]),
                        Float.floatToRawIntBits(top.scores()[r]));
            }
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TopN.select(new float[4], 2, 3, 1), "a slice past the end of the scores");
    }
}
