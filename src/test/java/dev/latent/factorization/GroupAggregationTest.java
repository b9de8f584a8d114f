package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupAggregationTest {

    private static final float NAN = Float.NaN;

    private static float[] aggregate(GroupAggregation a, float[]... members) {
        GroupAggregation.Accumulator acc = a.start(members[0].length, members.length);
        for (float[] m : members) {
            acc.add(m.clone());
        }
        return acc.result().clone();
    }

    @Test
    void meanLeastMiseryAndMostPleasureAreTheMeanMinAndMaxOfTheMembersScores() {
        float[] a = {1f, 4f, -2f, 0.5f};
        float[] b = {3f, 0f, -4f, 0.5f};
        assertArrayEquals(new float[] {2f, 2f, -3f, 0.5f}, aggregate(GroupAggregation.MEAN, a, b), 1e-6f);
        assertArrayEquals(new float[] {1f, 0f, -4f, 0.5f}, aggregate(GroupAggregation.LEAST_MISERY, a, b));
        assertArrayEquals(new float[] {3f, 4f, -2f, 0.5f}, aggregate(GroupAggregation.MOST_PLEASURE, a, b));
    }

    @Test
    void anItemLeftOutForAMemberIsLeftOutOfTheGroupScoresOfEveryAggregation() {
        float[] a = {1f, NAN, 3f, 2f};
        float[] b = {2f, 5f, NAN, 1f};
        for (GroupAggregation g : GroupAggregation.values()) {
            float[] s = aggregate(g, a, b);
            assertTrue(Float.isNaN(s[1]) && Float.isNaN(s[2]), g + ": " + java.util.Arrays.toString(s));
            assertTrue(!Float.isNaN(s[0]) && !Float.isNaN(s[3]), g.wire());
        }
    }

    /** Borda: the share of the member's candidates an item outranks, averaged; the score scales do not count. */
    @Test
    void bordaAveragesTheMembersRankSharesWhateverTheirScoreScales() {
        float[] a = {10f, 30f, 20f, NAN, 0f}; // orders 1, 2, 0, 4 of the 4 candidates: shares 1, 2/3, 1/3, 0
        float[] b = {0.3f, 0.1f, 0.2f, NAN, 0.4f}; // orders 4, 0, 2, 1: shares 1, 2/3, 1/3, 0
        float[] s = aggregate(GroupAggregation.BORDA, a, b);
        assertEquals((1 / 3f + 2 / 3f) / 2, s[0], 1e-6f);
        assertEquals((1f + 0f) / 2, s[1], 1e-6f);
        assertEquals((2 / 3f + 1 / 3f) / 2, s[2], 1e-6f);
        assertTrue(Float.isNaN(s[3]));
        assertEquals((0f + 1f) / 2, s[4], 1e-6f);
        float[] scaled = b.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 1000;
        }
        assertArrayEquals(s, aggregate(GroupAggregation.BORDA, a, scaled));
    }

    /** Average without misery: an item outside a member's top tenth ranks after every item none is miserable with. */
    @Test
    void averageWithoutMiseryRanksAMemberMiserableItemAfterTheOthersInTheMeansOrder() {
        int n = 20;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = n - i; // a's top tenth (2 of 20): items 0 and 1
        }
        b[0] = 100;
        b[19] = 99; // b's top tenth: items 0 and 19
        b[1] = 98; // so item 1 makes b miserable, item 19 a; means 60, 58.5, 50, the rest at most 9
        float[] mean = aggregate(GroupAggregation.MEAN, a, b);
        float[] awm = aggregate(GroupAggregation.AVERAGE_WITHOUT_MISERY, a, b);
        int[] byMean = TopN.select(mean, 3, null).indices();
        int[] byAwm = TopN.select(awm, 3, null).indices();
        assertArrayEquals(new int[] {0, 1, 19}, byMean);
        assertEquals(0, byAwm[0], "the one item no member is miserable with");
        assertEquals(mean[0], awm[0], 1e-6f);
        assertArrayEquals(new int[] {1, 19}, new int[] {byAwm[1], byAwm[2]}, "then the others in the mean's order");
        float[] restMean = mean.clone();
        restMean[0] = NAN;
        float[] restAwm = awm.clone();
        restAwm[0] = NAN;
        assertArrayEquals(TopN.select(restMean, n, null).indices(), TopN.select(restAwm, n, null).indices());
    }

    @Test
    void aGroupOfOneGetsTheMembersOwnOrderFromEveryAggregation() {
        Random rnd = new Random(3);
        float[] s = new float[200];
        for (int i = 0; i < s.length; i++) {
            s[i] = i % 17 == 0 ? NAN : (float) rnd.nextGaussian();
        }
        int[] own = TopN.select(s, 30, null).indices();
        for (GroupAggregation g : GroupAggregation.values()) {
            assertArrayEquals(own, TopN.select(aggregate(g, s), 30, null).indices(), g.wire());
        }
    }

    @Test
    void namesAndMisuse() {
        assertEquals(GroupAggregation.LEAST_MISERY, GroupAggregation.of("Least-Misery"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupAggregation.of("median"));
        assertTrue(e.getMessage().contains("mean, least-misery, most-pleasure, average-without-misery, borda"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupAggregation.MEAN.start(3, 0));
        GroupAggregation.Accumulator acc = GroupAggregation.MEAN.start(2, 2);
        acc.add(new float[] {1, 2});
        assertThrows(IllegalStateException.class, acc::result);
        acc.add(new float[] {1, 2});
        assertThrows(IllegalStateException.class, () -> acc.add(new float[] {1, 2}));
    }
}
