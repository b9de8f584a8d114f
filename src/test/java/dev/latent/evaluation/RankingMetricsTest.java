package dev.latent.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latent.factorization.RatingMatrix;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    // 1 user, 5 items; item 0 rated in training (excluded); test: item 3 rated 5 (relevant), item 4 rated 2.
    private final RatingMatrix train = RatingMatrix.of(1, 5, new int[] {0}, new int[] {0}, new float[] {4f});
    private final RatingMatrix test = RatingMatrix.of(1, 5, new int[] {0, 0}, new int[] {3, 4}, new float[] {5f, 2f});

    @Test
    void perfectRankingScoresOneAndTrainingItemsAreExcluded() {
        // Item 0 has the top score but was rated in training, so it must not take a slot.
        UserScorer scorer = (u, out) -> {
            float[] s = {9f, 0f, 0f, 5f, 4f};
            System.arraycopy(s, 0, out, 0, 5);
        };
        RankingMetrics.Result r = RankingMetrics.evaluate(scorer, train, test, 2, 4f);
        assertEquals(1, r.users());
        assertEquals(1.0, r.ndcg(), 1e-12);
        assertEquals(0.5, r.precision(), 1e-12);
        assertEquals(1.0, r.recall(), 1e-12);
        assertEquals(2 / 5.0, r.coverage(), 1e-12);
    }

    @Test
    void aHitAtRankTwoIsDiscountedByLogTwoOfThree() {
        UserScorer scorer = (u, out) -> {
            float[] s = {0f, 6f, 0f, 5f, 0f};
            System.arraycopy(s, 0, out, 0, 5);
        };
        RankingMetrics.Result r = RankingMetrics.evaluate(scorer, train, test, 10, 4f);
        assertEquals(1 / (Math.log(3) / Math.log(2)), r.ndcg(), 1e-12);
        assertEquals(0.1, r.precision(), 1e-12);
    }

    @Test
    void popularityRanksByTrainingCount() {
        RatingMatrix t = RatingMatrix.of(3, 3, new int[] {0, 1, 1, 2}, new int[] {2, 2, 1, 2}, new float[] {1, 1, 1, 1});
        float[] out = new float[3];
        RankingMetrics.popularity(t).score(0, out);
        assertEquals(0f, out[0]);
        assertEquals(1f, out[1]);
        assertEquals(3f, out[2]);
    }
}
