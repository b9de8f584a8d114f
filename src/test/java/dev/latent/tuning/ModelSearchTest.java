package dev.latent.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latent.evaluation.Baselines;
import dev.latent.evaluation.RatingMetrics;
import dev.latent.model.Ratings;
import dev.latent.factorization.FactorModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSearchTest {

    private static final ModelSearch SEARCH = new ModelSearch(9, 4, Duration.ofHours(1), 2, 7L, 10_000);

    private static ModelSearch.Outcome search(Ratings all, List<Trial> progress) {
        StableSplit split = StableSplit.of(all, 0.1, 0.1, 42L);
        float[] scale = all.scale();
        float relevant = scale[0] + 0.75f * (scale[1] - scale[0]);
        return SEARCH.run(split, null, null, scale[0], scale[1], relevant,
                (t, n, bestRating, bestRanking) -> progress.add(t));
    }

    @Test
    void isDeterministicForASeed() {
        Ratings all = Planted.ratings(120, 90, 3, 0.3, 3, 1, 0.3, 1, 5L);
        List<Trial> a = new ArrayList<>();
        List<Trial> b = new ArrayList<>();
        ModelSearch.Outcome first = search(all, a);
        ModelSearch.Outcome second = search(all, b);
        assertEquals(first.rating(), second.rating());
        assertEquals(first.ranking(), second.ranking());
        assertEquals(first.validationRmse(), second.validationRmse());
        assertEquals(first.validationNdcg(), second.validationNdcg());
        assertEquals(a.size(), b.size());
        for (int t = 0; t < a.size(); t++) {
            assertEquals(a.get(t).config(), b.get(t).config());
            assertEquals(a.get(t).score(), b.get(t).score());
        }
        assertEquals(first.trials().size(), a.size());
    }

    @Test
    void findsThePlantedGoodRegionOnAnotherScale() {
        // A rank-3 structure on a 1–10-like scale (spread 2 points), noise 0.4 points, half-point steps.
        Ratings all = Planted.ratings(160, 120, 3, 0.3, 5.5, 2, 0.4, 0.5, 11L);
        List<Trial> progress = new ArrayList<>();
        ModelSearch.Outcome o = search(all, progress);
        StableSplit split = StableSplit.of(all, 0.1, 0.1, 42L);
        float[] scale = all.scale();
        FactorModel biases = Baselines.biases(split.train().toMatrix());
        double biasRmse = RatingMetrics.evaluate(biases::predict, split.validation(), scale[0], scale[1]).rmse();
        List<Double> ratingScores = new ArrayList<>();
        for (Trial t : progress) {
            if (t.metric().equals("validationRmse") && t.status().equals(Trial.DONE) && t.rung() == 0) {
                ratingScores.add(t.score());
            }
        }
        ratingScores.sort(null);
        double median = ratingScores.get(ratingScores.size() / 2);
        System.out.println("chosen " + o.rating() + " rmse " + o.validationRmse() + " biases " + biasRmse
                + " median first rung " + median + " ranking " + o.ranking() + " ndcg " + o.validationNdcg());
        assertNotNull(o.ratingModel());
        assertEquals(o.rating().iterations(), o.ratingDone());
        assertTrue(o.validationRmse() < 0.8 * biasRmse, o.validationRmse() + " vs biases " + biasRmse);
        assertTrue(o.validationRmse() < median, o.validationRmse() + " vs median " + median);
        assertTrue(o.validationNdcg() > 0);
    }
}
