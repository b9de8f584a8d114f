package dev.latent.evaluation;

import dev.latent.model.IdMap;
import dev.latent.model.Ratings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import org.junit.jupiter.api.Test;

class RatingMetricsTest {

    @Test
    void rmseAndMaeOfHandComputedErrorsWithClippingToTheScale() {
        // Predictions 3, 3, 6 (clipped to 5) against 4, 3, 1: errors −1, 0, 4.
        Ratings test = new Ratings(new int[] {0, 1, 2}, new int[] {0, 0, 0}, new float[] {4, 3, 1}, 3, new IdMap(),
                new IdMap());
        float[] pred = {3, 3, 6};
        RatingMetrics.Result r = RatingMetrics.evaluate((u, i) -> pred[u], test, 1, 5);
        assertEquals(Math.sqrt(17.0 / 3), r.rmse(), 1e-9);
        assertEquals(5.0 / 3, r.mae(), 1e-9);
        assertEquals(3, r.n());
    }

    @Test
    void dampedBiasesShrinkTowardsTheMeanAndGlobalMeanPredictsIt() {
        // One item rated 5 by one user, another rated 1 by one user: μ = 3.
        RatingMatrix m = RatingMatrix.of(2, 2, new int[] {0, 1}, new int[] {0, 1}, new float[] {5, 1});
        FactorModel mean = Baselines.globalMean(m);
        assertEquals(3f, mean.predict(0, 1), 1e-6);
        // One pass, λ_i = 1, λ_u = 0: b_i = 2/(1+1) = 1 and −1; b_u = (5 − 3 − 1)/1 = 1 and −1.
        FactorModel b = Baselines.biases(m, 1, 0, 1);
        assertEquals(1f, b.itemBias()[0], 1e-6);
        assertEquals(-1f, b.itemBias()[1], 1e-6);
        assertEquals(1f, b.userBias()[0], 1e-6);
        assertEquals(5f, b.predict(0, 0), 1e-6);
    }
}
