package dev.latent.factorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SgdTrainerTest {

    @Test
    void reconstructsTheSeedToyMatrixWithoutBiasesOrRegularisation() {
        RatingMatrix toy = LowRank.seedToy();
        SgdConfig config = new SgdConfig(2, 0.02, 1.0, 0, 0, 5000, false, 1L, 0.5);
        FactorModel model = new SgdTrainer(config).train(toy, TrainingListener.NONE);
        assertTrue(LowRank.trainMse(model, toy) < 1e-6, "MSE " + LowRank.trainMse(model, toy));
    }

    @Test
    void completesARank3MatrixFromHalfItsCells() {
        LowRank data = new LowRank(50, 40, 3, 0.5, 11L);
        SgdConfig config = new SgdConfig(3, 0.02, 1.0, 0, 0, 3000, true, 3L, 0.3);
        FactorModel model = new SgdTrainer(config).train(data.train, TrainingListener.NONE);
        double rmse = data.hiddenRmse(model);
        assertTrue(rmse < 0.05, "hidden-cell RMSE " + rmse);
    }

    @Test
    void isDeterministicForASeed() {
        LowRank data = new LowRank(60, 40, 3, 0.4, 2L);
        SgdConfig config = SgdConfig.DEFAULTS.withRank(5).withEpochs(5);
        FactorModel a = new SgdTrainer(config).train(data.train, TrainingListener.NONE);
        FactorModel b = new SgdTrainer(config).train(data.train, TrainingListener.NONE);
        assertArrayEquals(a.userFactors(), b.userFactors());
        assertArrayEquals(a.itemFactors(), b.itemFactors());
        assertArrayEquals(a.itemBias(), b.itemBias());
    }
}
