package dev.latent.evaluation;

/**
 * Everything one held-out measurement gives, for the CLI's report and a training run alike ({@link HeldOut}).
 * Rating errors are predictions clipped to the scale; ranking results are null when ranking was not measured
 * or the model was not trained.
 *
 * @param rating         errors of the rating model (null without one)
 * @param biases         errors of the damped-biases baseline
 * @param mean           errors of the global mean
 * @param ratingRanking  top-K of the rating model's scores
 * @param rankingRanking top-K of the ranking model (null without one)
 * @param biasRanking    top-K of the biases baseline
 * @param popularity     top-K of popularity (rating count)
 */
public record HeldOutMetrics(RatingMetrics.Result rating, RatingMetrics.Result biases, RatingMetrics.Result mean,
                             RankingMetrics.Result ratingRanking, RankingMetrics.Result rankingRanking,
                             RankingMetrics.Result biasRanking, RankingMetrics.Result popularity) {

    /** The ranking of the model that serves recommendations: the ranking model, else the rating model. */
    public RankingMetrics.Result served() {
        return rankingRanking != null ? rankingRanking : ratingRanking;
    }
}
