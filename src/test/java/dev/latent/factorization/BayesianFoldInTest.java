package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BayesianFoldInTest {

    /**
     * A user held out of the chain and folded in afterwards predicts their hidden cells about as well as the
     * users the chain sampled, and far better than the biases alone.
     */
    @Test
    void aFoldedInUserPredictsLikeTheSampledUsers() {
        LowRank data = new LowRank(80, 60, 3, 0.5, 21L);
        RatingMatrix all = data.train;
        int held = 0; // user 0 leaves the chain: train on every other user's cells
        int[] us = new int[all.size()];
        int[] is = new int[all.size()];
        float[] rs = new float[all.size()];
        int n = 0;
        for (int u = 1; u < all.numUsers(); u++) {
            for (int e = all.userPtr()[u]; e < all.userPtr()[u + 1]; e++) {
                us[n] = u;
                is[n] = all.userItems()[e];
                rs[n++] = all.userRatings()[e];
            }
        }
        RatingMatrix without = RatingMatrix.of(all.numUsers(), all.numItems(), us, is, rs, n);
        BayesianAlsTrainer.Chain chain = new BayesianAlsTrainer(new BayesianAlsConfig(3, 30, 20, true, 2, 3L, 0.5))
                .sample(without, null, TrainingListener.NONE);
        assertEquals(60, chain.model().rank());
        assertEquals(20, chain.recipe().samples());
        BayesianFoldIn foldIn = new BayesianFoldIn(chain.model(), chain.recipe());
        int a = all.userPtr()[held];
        int b = all.userPtr()[held + 1];
        FoldIn.User user = foldIn.solve(java.util.Arrays.copyOfRange(all.userItems(), a, b),
                java.util.Arrays.copyOfRange(all.userRatings(), a, b), b - a);
        double folded = 0;
        double sampled = 0;
        double biasOnly = 0;
        int cols = data.cols;
        for (int i = 0; i < cols; i++) {
            if (all.get(held, i) == all.get(held, i)) {
                continue; // observed: not a hidden cell
            }
            double truth = data.full[held * cols + i];
            double f = chain.model().predict(user.bias(), user.factors(), i) - truth;
            double bo = chain.model().predict(user.bias(), new float[60], i) - truth;
            folded += f * f;
            biasOnly += bo * bo;
        }
        for (int e = 0; e < data.hiddenRows.length; e++) {
            if (data.hiddenRows[e] != held && data.hiddenRows[e] < 20) {
                double d = chain.model().predict(data.hiddenRows[e], data.hiddenCols[e])
                        - data.full[data.hiddenRows[e] * cols + data.hiddenCols[e]];
                sampled += d * d;
            }
        }
        int hiddenOfHeld = 0;
        int hiddenOfOthers = 0;
        for (int e = 0; e < data.hiddenRows.length; e++) {
            hiddenOfHeld += data.hiddenRows[e] == held ? 1 : 0;
            hiddenOfOthers += data.hiddenRows[e] != held && data.hiddenRows[e] < 20 ? 1 : 0;
        }
        double foldedRmse = Math.sqrt(folded / hiddenOfHeld);
        double sampledRmse = Math.sqrt(sampled / hiddenOfOthers);
        double biasRmse = Math.sqrt(biasOnly / hiddenOfHeld);
        assertTrue(foldedRmse < 0.2 * biasRmse, "folded " + foldedRmse + " vs bias only " + biasRmse);
        assertTrue(foldedRmse < 2 * sampledRmse + 0.05, "folded " + foldedRmse + " vs sampled " + sampledRmse);
    }

    @Test
    void noRatingsGiveZeroFactorsAndARankMismatchIsRefused() {
        LowRank data = new LowRank(20, 15, 2, 0.5, 4L);
        BayesianAlsTrainer.Chain chain = new BayesianAlsTrainer(new BayesianAlsConfig(2, 2, 3, true, 1, 3L, 0.1))
                .sample(data.train, null, TrainingListener.NONE);
        FoldIn.User none = new BayesianFoldIn(chain.model(), chain.recipe()).solve(new int[0], new float[0], 0);
        assertEquals(0f, none.bias());
        assertEquals(6, none.factors().length);
        for (float f : none.factors()) {
            assertEquals(0f, f);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                new BayesianFoldIn(chain.model(), new BayesianFoldIn.Recipe(4, new double[] {1}, new double[] {1})));
    }
}
