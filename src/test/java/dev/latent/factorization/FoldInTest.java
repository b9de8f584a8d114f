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
        AlsConfig config = AlsConfig.DEFAULTS.withRank(6).withIterations(4).withThreads(2);
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

    @Test
    void foldsIn100RatingsAtRank64WellUnderAMillisecond() {
        int k = 64;
        int items = 2000;
        Random rnd = new Random(3);
        float[] q = new float[items * k];
        for (int j = 0; j < q.length; j++) {
            q[j] = (float) rnd.nextGaussian() * 0.1f;
        }
        FactorModel model = new FactorModel(k, 1, items, 3.5f, new float[1], new float[items], new float[k], q);
        FoldIn foldIn = new FoldIn(model, AlsConfig.DEFAULTS.withRank(k));
        int[] is = new int[100];
        float[] rs = new float[100];
        for (int e = 0; e < 100; e++) {
            is[e] = e * 7;
            rs[e] = 1 + rnd.nextInt(5);
        }
        for (int w = 0; w < 2000; w++) {
            foldIn.solve(is, rs, 100);
        }
        int runs = 500;
        long t = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            foldIn.solve(is, rs, 100);
        }
        double ms = (System.nanoTime() - t) / 1e6 / runs;
        assertTrue(ms < 1.0, "fold-in took " + ms + " ms");
        FoldIn.User none = foldIn.solve(new int[0], new float[0], 0);
        assertEquals(0f, none.bias());
    }
}
