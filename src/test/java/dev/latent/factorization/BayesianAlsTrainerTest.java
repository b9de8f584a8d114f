package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BayesianAlsTrainerTest {

    @Test
    void averagedSamplesCompleteALowRankMatrixAndHaveRankKTimesSamples() {
        LowRank data = new LowRank(50, 40, 3, 0.5, 11L);
        BayesianAlsConfig config = new BayesianAlsConfig(3, 40, 20, false, 2, 1L, 0.5);
        FactorModel model = new BayesianAlsTrainer(config).train(data.train, TrainingListener.NONE);
        assertEquals(60, model.rank());
        double rmse = data.hiddenRmse(model);
        assertTrue(rmse < 0.05, "hidden-cell RMSE " + rmse);
    }

    @Test
    void isDeterministicForASeedWhateverTheThreadCount() {
        LowRank data = new LowRank(90, 70, 3, 0.3, 2L);
        BayesianAlsConfig two = new BayesianAlsConfig(4, 3, 4, true, 2, 9L, 0.1);
        BayesianAlsConfig one = new BayesianAlsConfig(4, 3, 4, true, 1, 9L, 0.1);
        FactorModel a = new BayesianAlsTrainer(two).train(data.train, TrainingListener.NONE);
        FactorModel b = new BayesianAlsTrainer(one).train(data.train, TrainingListener.NONE);
        assertArrayEquals(a.userFactors(), b.userFactors());
        assertArrayEquals(a.itemFactors(), b.itemFactors());
        assertArrayEquals(a.itemBias(), b.itemBias());
    }

    @Test
    void gammaDrawsHaveTheRightMean() {
        java.util.Random rnd = new java.util.Random(3);
        double s = 0;
        for (int i = 0; i < 20_000; i++) {
            s += BayesianAlsTrainer.gamma(rnd, 3.0, 2.0);
        }
        assertEquals(1.5, s / 20_000, 0.03);
    }
}
