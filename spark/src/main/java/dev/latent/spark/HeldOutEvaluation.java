package dev.latent.spark;

import dev.latent.evaluation.RankingMetrics;
import dev.latent.evaluation.RatingMetrics;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.model.Ratings;
import java.io.Serializable;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * The held-out measurements of a fit, block by block of users with the evaluation package's own metrics
 * ({@link RatingMetrics}, {@link RankingMetrics}): each user block scores its users against the whole
 * catalogue (the item side of both models is broadcast), leaves out what they rated in training, and the
 * per-block sums combine into the means over all evaluated users. Catalogue coverage is not combined.
 */
final class HeldOutEvaluation {

    /** Item side of both fitted models and the training counts, as broadcast to every user block. */
    record ItemSide(int numItems, float mean, int rank, float[] itemFactors, float[] itemBias, int rankingRank,
                    float[] rankingFactors, float[] rankingBias, float[] trainCounts) implements Serializable {
    }

    /** Sums over blocks; {@link #rmse()} etc. are the means. */
    record Sums(double se, double ae, long n, long users, double ndcg, double ratingNdcg, double popularityNdcg)
            implements Serializable {

        Sums plus(Sums o) {
            return new Sums(se + o.se, ae + o.ae, n + o.n, users + o.users, ndcg + o.ndcg, ratingNdcg + o.ratingNdcg,
                    popularityNdcg + o.popularityNdcg);
        }

        double rmse() {
            return Math.sqrt(se / n);
        }

        double mae() {
            return ae / n;
        }

        double meanNdcg() {
            return users == 0 ? 0 : ndcg / users;
        }

        double meanRatingNdcg() {
            return users == 0 ? 0 : ratingNdcg / users;
        }

        double meanPopularityNdcg() {
            return users == 0 ? 0 : popularityNdcg / users;
        }
    }

    private HeldOutEvaluation() {
    }

    /**
     * @param all     user blocks with their held-out flags
     * @param rating  the rating model's user factors of the fit
     * @param ranking the ranking model's user factors of the fit (null: the rating model ranks)
     */
    static Sums evaluate(JavaPairRDD<Integer, RatingBlock> all, JavaPairRDD<Integer, FactorBlock> rating,
                         JavaPairRDD<Integer, FactorBlock> ranking, Broadcast<ItemSide> items, float min, float max,
                         float relevantAtLeast) {
        JavaPairRDD<Integer, FactorBlock> rankingUsers = ranking != null ? ranking : rating;
        return all.join(rating).join(rankingUsers).values()
                .map(v -> block(v._1()._1(), v._1()._2(), ranking != null ? v._2() : null, items.value(), min, max,
                        relevantAtLeast))
                .fold(new Sums(0, 0, 0, 0, 0, 0, 0), Sums::plus);
    }

    private static Sums block(RatingBlock rb, FactorBlock p, FactorBlock x, ItemSide s, float min, float max,
                              float relevantAtLeast) {
        int n = rb.size();
        int[] tu = new int[n];
        int[] ti = new int[n];
        float[] tr = new float[n];
        int[] hu = new int[n];
        int[] hi = new int[n];
        float[] hr = new float[n];
        int nt = 0;
        int nh = 0;
        for (int r = 0; r < rb.rows(); r++) {
            for (int e = rb.ptr()[r]; e < rb.ptr()[r + 1]; e++) {
                if (rb.heldOut()[e]) {
                    hu[nh] = r;
                    hi[nh] = rb.global(e);
                    hr[nh++] = rb.values()[e];
                } else {
                    tu[nt] = r;
                    ti[nt] = rb.global(e);
                    tr[nt++] = rb.values()[e];
                }
            }
        }
        if (nh == 0) {
            return new Sums(0, 0, 0, 0, 0, 0, 0);
        }
        RatingMatrix train = RatingMatrix.of(rb.rows(), s.numItems(), tu, ti, tr, nt);
        RatingMatrix test = RatingMatrix.of(rb.rows(), s.numItems(), hu, hi, hr, nh);
        FactorModel ratingModel = new FactorModel(s.rank(), rb.rows(), s.numItems(), s.mean(), p.bias(),
                s.itemBias(), p.factors(), s.itemFactors());
        // The metric reads only the cells of a Ratings list, not its id maps.
        RatingMetrics.Result errors = RatingMetrics.evaluate(ratingModel::predict,
                new Ratings(hu, hi, hr, nh, null, null), min, max);
        RankingMetrics.Result byRating = RankingMetrics.evaluate(ratingModel::scoreAll, train, test, 10,
                relevantAtLeast);
        RankingMetrics.Result byRanking = byRating;
        if (x != null) {
            FactorModel rankingModel = new FactorModel(s.rankingRank(), rb.rows(), s.numItems(), 0f,
                    new float[rb.rows()], s.rankingBias(), x.factors(), s.rankingFactors());
            byRanking = RankingMetrics.evaluate(rankingModel::scoreAll, train, test, 10, relevantAtLeast);
        }
        float[] counts = s.trainCounts();
        RankingMetrics.Result byPopularity = RankingMetrics.evaluate(
                (user, out) -> System.arraycopy(counts, 0, out, 0, counts.length), train, test, 10, relevantAtLeast);
        return new Sums(errors.rmse() * errors.rmse() * errors.n(), errors.mae() * errors.n(), errors.n(),
                byRanking.users(), byRanking.ndcg() * byRanking.users(), byRating.ndcg() * byRating.users(),
                byPopularity.ndcg() * byPopularity.users());
    }
}
