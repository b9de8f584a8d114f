package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FoldInTest {

    @Test
    void foldingInAUsersTrainingRatingsEqualsTheTrainersUserStep() {
        LowRank data = new LowRank(80, 60, 3, 0.5, 4L);
        // Fold-in is the exact row solve, so compare it with the trainer's exact path (the conjugate-gradient
        // path approaches the same solution: RatingRowSolverTest).
        AlsConfig config = AlsConfig.DEFAULTS.withRank(6).withIterations(4).withThreads(2)
                .withSolver(AlsConfig.Solver.EXACT, 1);
        RatingMatrix m = data.train;
        FactorModel model = new AlsTrainer(config).train(m, TrainingListener.NONE);
        // One more iteration warm-started from the model first solves every user against the model's items:
        // its user factors and biases are what fold-in must reproduce, bit for bit.
        FactorModel oneMore = new AlsTrainer(config.withIterations(1)).train(m, model, TrainingListener.NONE);
        FoldIn foldIn = new FoldIn(model, config);
        int k = config.rank();
        for (int u = 0; u < m.numUsers(); u++) {
            int from = m.userPtr()[u];
            int to = m.userPtr()[u + 1];
            FoldIn.User user = foldIn.solve(Arrays.copyOfRange(m.userItems(), from, to),
                    Arrays.copyOfRange(m.userRatings(), from, to), to - from);
            assertArrayEquals(Arrays.copyOfRange(oneMore.userFactors(), u * k, u * k + k), user.factors(), 0f);
            assertEquals(oneMore.userBias()[u], user.bias(), 0f);
        }
    }

    /**
     * A user whose 100 ratings come from a planted bias and factor vector at k = 64: the fold-in fits them
     * and predicts that user's other items. (Its speed is measured by JMH, {@code KernelBenchmark.foldIn100}.)
     */
    @Test
    void foldingIn100RatingsAtRank64RecoversAPlantedUser() {
        int k = 64;
        int items = 2000;
        Random rnd = new Random(3);
        float[] q = new float[items * k];
        for (int j = 0; j < q.length; j++) {
            q[j] = (float) rnd.nextGaussian();
        }
        float[] planted = new float[k];
        for (int f = 0; f < k; f++) {
            planted[f] = (float) rnd.nextGaussian() / 8; // p·q of unit variance
        }
        float plantedBias = 0.3f;
        FactorModel model = new FactorModel(k, 1, items, 3.5f, new float[1], new float[items], new float[k], q);
        FoldIn foldIn = new FoldIn(model, AlsConfig.DEFAULTS.withRank(k));
        int[] is = new int[100];
        float[] rs = new float[100];
        for (int e = 0; e < 100; e++) {
            is[e] = e * 7;
            rs[e] = model.predict(plantedBias, planted, is[e]);
        }
        FoldIn.User user = foldIn.solve(is, rs, 100);
        double fitErr = 0;
        for (int e = 0; e < 100; e++) {
            double d = model.predict(user.bias(), user.factors(), is[e]) - rs[e];
            fitErr += d * d;
        }
        fitErr = Math.sqrt(fitErr / 100);
        // Unrated items: the folded-in scores must track the planted ones.
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 701; i < items; i++) {
            double x = model.predict(user.bias(), user.factors(), i) - 3.5;
            double y = model.predict(plantedBias, planted, i) - 3.5;
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }
        double correlation = sxy / Math.sqrt(sxx * syy);
        assertTrue(fitErr < 0.25, "RMSE on the 100 rated items " + fitErr);
        assertTrue(correlation > 0.9, "correlation with the planted user on unrated items " + correlation);
        FoldIn.User none = foldIn.solve(new int[0], new float[0], 0);
        assertEquals(0f, none.bias());
    }
}
