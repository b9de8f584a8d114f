package dev.latent.evaluation;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.model.Ratings;

/**
 * The one held-out measurement of Latent, used by the {@code evaluate} command ({@link Evaluator}) and by every
 * training run ({@code training.TrainingPipeline}): the rating model's RMSE and MAE beside the damped biases and
 * the global mean, and, when asked, precision, recall, NDCG and coverage at K over the full catalogue of the
 * rating model, the ranking model, the biases and popularity (training items excluded, test ratings at or above
 * the threshold relevant).
 */
public final class HeldOut {

    /**
     * @param k               cut-off of the ranking metrics
     * @param relevantAtLeast test ratings at or above this are relevant
     * @param ranking         whether to compute ranking metrics (costs users × items × rank)
     * @param min             predictions are clipped to {@code [min, max]}
     * @param max             highest rating of the scale
     */
    public record Options(int k, float relevantAtLeast, boolean ranking, float min, float max) {
    }

    private HeldOut() {
    }

    /**
     * Measures the models fitted on {@code train} against {@code test} (same index spaces).
     *
     * @param rating  the rating model (null: none trained)
     * @param ranking the ranking model (null: none trained, or the rating model ranks)
     */
    public static HeldOutMetrics measure(FactorModel rating, FactorModel ranking, RatingMatrix train, Ratings test,
                                         Options o) {
        FactorModel biases = Baselines.biases(train);
        FactorModel mean = Baselines.globalMean(train);
        RatingMetrics.Result rm = rating == null ? null : RatingMetrics.evaluate(rating::predict, test, o.min(), o.max());
        RatingMetrics.Result rb = RatingMetrics.evaluate(biases::predict, test, o.min(), o.max());
        RatingMetrics.Result rg = RatingMetrics.evaluate(mean::predict, test, o.min(), o.max());
        if (!o.ranking()) {
            return new HeldOutMetrics(rm, rb, rg, null, null, null, null);
        }
        RatingMatrix testMatrix = test.toMatrix();
        int k = o.k();
        float relevant = o.relevantAtLeast();
        return new HeldOutMetrics(rm, rb, rg,
                rating == null ? null : RankingMetrics.evaluate(rating::scoreAll, train, testMatrix, k, relevant),
                ranking == null ? null : RankingMetrics.evaluate(ranking::scoreAll, train, testMatrix, k, relevant),
                RankingMetrics.evaluate(biases::scoreAll, train, testMatrix, k, relevant),
                RankingMetrics.evaluate(RankingMetrics.popularity(train), train, testMatrix, k, relevant));
    }
}
