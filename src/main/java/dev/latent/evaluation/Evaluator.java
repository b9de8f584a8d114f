package dev.latent.evaluation;

import dev.latent.model.Ratings;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.Trainer;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Trains a model on one split and measures it next to the baselines of the same run: RMSE and MAE of the
 * model, of damped biases and of the global mean (predictions clipped to the training scale); and, unless
 * disabled, precision, recall, NDCG at K and coverage over the full catalogue (training items excluded,
 * test ratings ≥ the relevance threshold relevant) of the model's ranking, of the biases' ranking and of
 * popularity.
 */
public final class Evaluator {

    /**
     * @param k                  cut-off of the ranking metrics
     * @param relevantAtLeast    test ratings at or above this are relevant
     * @param ranking            whether to compute ranking metrics (costs users × items × rank)
     */
    public record Options(int k, float relevantAtLeast, boolean ranking) {
    }

    /**
     * Ranking metrics are null when disabled; {@code rankerRanking} (the ranking model's top-N) is null when no
     * ranking model was trained. Without a rating model the rating metrics of {@code model} are NaN.
     */
    public record Report(RatingMetrics.Result model, RatingMetrics.Result biases, RatingMetrics.Result mean,
                         RankingMetrics.Result modelRanking, RankingMetrics.Result biasRanking,
                         RankingMetrics.Result popularity, double trainSeconds, int iterations,
                         double secondsPerIteration, double gflops, double finalTrainingRmse,
                         RankingMetrics.Result rankerRanking, double rankerTrainSeconds) {
    }

    private record Trained(FactorModel model, double seconds, int iterations, double lastLoss) {
    }

    private Evaluator() {
    }

    /**
     * Runs one split. {@code flopsPerIteration} (may be null) gives the flops of one training iteration on the
     * training matrix for the GFLOP/s figure (ALS: {@link #alsFlopsPerIteration}); progress goes to {@code out}.
     */
    public static Report run(Trainer trainer, Splits.Split split, Options options,
                             java.util.function.ToDoubleFunction<RatingMatrix> flopsPerIteration, PrintStream out) {
        return run(trainer, null, split, options, flopsPerIteration, out);
    }

    /**
     * Runs one split with a rating model ({@code trainer}, may be null) and a ranking model ({@code ranker}, may
     * be null; needs {@code options.ranking()}), both trained on the same training set.
     */
    public static Report run(Trainer trainer, Trainer ranker, Splits.Split split, Options options,
                             java.util.function.ToDoubleFunction<RatingMatrix> flopsPerIteration, PrintStream out) {
        RatingMatrix train = split.train().toMatrix();
        Ratings test = split.test();
        float[] scale = split.train().scale();
        split = null; // the training list is not needed any more: let it go before training
        out.printf(Locale.ROOT, "train %d ratings, test %d ratings, %d users, %d items, scale %.1f-%.1f%n",
                train.size(), test.size(), train.numUsers(), train.numItems(), scale[0], scale[1]);
        Trained rating = trainer == null ? null : train(trainer, train, "training_rmse", out);
        double trainS = rating == null ? 0 : rating.seconds();
        int iterations = rating == null ? 0 : rating.iterations();
        double perIt = iterations == 0 ? 0 : trainS / iterations;
        double flops = flopsPerIteration == null ? 0 : flopsPerIteration.applyAsDouble(train);
        double gflops = flops > 0 && perIt > 0 ? flops / perIt / 1e9 : 0;
        if (rating != null) {
            out.printf(Locale.ROOT, "rating model: %d iterations in %.3f s (%.3f s/iteration%s)%n", iterations,
                    trainS, perIt, gflops > 0 ? String.format(Locale.ROOT, ", %.2f GFLOP/s", gflops) : "");
        }
        Trained ranking = ranker == null ? null : train(ranker, train, "ranking_loss", out);
        if (ranking != null) {
            out.printf(Locale.ROOT, "ranking model: %d iterations in %.3f s%n", ranking.iterations(),
                    ranking.seconds());
        }

        FactorModel biases = Baselines.biases(train);
        FactorModel mean = Baselines.globalMean(train);
        RatingMetrics.Result none = new RatingMetrics.Result(Double.NaN, Double.NaN, 0);
        RatingMetrics.Result rm = rating == null ? none
                : RatingMetrics.evaluate(rating.model()::predict, test, scale[0], scale[1]);
        RatingMetrics.Result rb = RatingMetrics.evaluate(biases::predict, test, scale[0], scale[1]);
        RatingMetrics.Result rg = RatingMetrics.evaluate(mean::predict, test, scale[0], scale[1]);
        RankingMetrics.Result km = null;
        RankingMetrics.Result kb = null;
        RankingMetrics.Result kp = null;
        RankingMetrics.Result kr = null;
        if (options.ranking()) {
            RatingMatrix testMatrix = test.toMatrix();
            int k = options.k();
            float relevant = options.relevantAtLeast();
            km = rating == null ? null
                    : RankingMetrics.evaluate(rating.model()::scoreAll, train, testMatrix, k, relevant);
            kr = ranking == null ? null
                    : RankingMetrics.evaluate(ranking.model()::scoreAll, train, testMatrix, k, relevant);
            kb = RankingMetrics.evaluate(biases::scoreAll, train, testMatrix, k, relevant);
            kp = RankingMetrics.evaluate(RankingMetrics.popularity(train), train, testMatrix, k, relevant);
        }
        Report report = new Report(rm, rb, rg, km, kb, kp, trainS, iterations, perIt, gflops,
                rating == null ? Double.NaN : rating.lastLoss(), kr, ranking == null ? 0 : ranking.seconds());
        print(report, options, out);
        return report;
    }

    private static Trained train(Trainer trainer, RatingMatrix train, String lossName, PrintStream out) {
        long t0 = System.nanoTime();
        double[] last = {Double.NaN, 0};
        long[] prev = {0};
        FactorModel model = trainer.train(train, (it, loss, ns) -> {
            out.printf(Locale.ROOT, "  iteration %3d  %s=%.5f  %.3f s  (total %.3f s)%n", it, lossName, loss,
                    (ns - prev[0]) / 1e9, ns / 1e9);
            prev[0] = ns;
            last[0] = loss;
            last[1] = it;
            return true;
        });
        return new Trained(model, (System.nanoTime() - t0) / 1e9, (int) last[1], last[0]);
    }

    /**
     * Flops of one ALS iteration as counted here: Gram accumulation k(k+1) and right-hand side 2(k+1) per
     * rating on each side, plus a Cholesky factorisation d³/3 and two triangular solves 2d² per row, d = k+1.
     */
    public static double alsFlopsPerIteration(RatingMatrix m, int rank, boolean biases) {
        double k = rank;
        double d = rank + (biases ? 1 : 0);
        double perRating = k * (k + 1) + 2 * d;
        double perRow = d * d * d / 3 + 2 * d * d;
        return 2.0 * m.size() * perRating + (m.numUsers() + (double) m.numItems()) * perRow;
    }

    private static void print(Report r, Options o, PrintStream out) {
        out.printf(Locale.ROOT, "%-14s %8s %8s", "", "RMSE", "MAE");
        if (o.ranking()) {
            out.printf(Locale.ROOT, " %9s %9s %9s %9s", "P@" + o.k(), "R@" + o.k(), "NDCG@" + o.k(), "cov@" + o.k());
        }
        out.println();
        if (r.model().n() > 0) {
            row(out, "rating model", r.model(), r.modelRanking());
        }
        if (r.rankerRanking() != null) {
            row(out, "ranking model", null, r.rankerRanking());
        }
        row(out, "biases", r.biases(), r.biasRanking());
        row(out, "global mean", r.mean(), null);
        if (o.ranking()) {
            row(out, "popularity", null, r.popularity());
            out.printf(Locale.ROOT, "ranking evaluated on %d users (relevant: test rating >= %.1f)%n",
                    r.popularity().users(), o.relevantAtLeast());
        }
    }

    private static void row(PrintStream out, String name, RatingMetrics.Result e, RankingMetrics.Result k) {
        out.printf(Locale.ROOT, "%-14s %8s %8s", name, e == null ? "-" : fmt(e.rmse()), e == null ? "-" : fmt(e.mae()));
        if (k != null) {
            out.printf(Locale.ROOT, " %9s %9s %9s %9s", fmt(k.precision()), fmt(k.recall()), fmt(k.ndcg()),
                    fmt(k.coverage()));
        }
        out.println();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
