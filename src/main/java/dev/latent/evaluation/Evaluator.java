package dev.latent.evaluation;

import dev.latent.model.Ratings;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.Trainer;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The {@code evaluate} command's run of one split: trains the models, times them, measures them with
 * {@link HeldOut} (predictions clipped to the training scale) and prints the report.
 */
public final class Evaluator {

    /**
     * @param k                  cut-off of the ranking metrics
     * @param relevantAtLeast    test ratings at or above this are relevant
     * @param ranking            whether to compute ranking metrics (costs users × items × rank)
     */
    public record Options(int k, float relevantAtLeast, boolean ranking) {
    }

    /** The held-out metrics of one split with the training figures of its models. */
    public record Report(HeldOutMetrics metrics, double trainSeconds, int iterations, double secondsPerIteration,
                         double gflops, double finalTrainingRmse, double rankerTrainSeconds) {
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

        HeldOutMetrics metrics = HeldOut.measure(rating == null ? null : rating.model(),
                ranking == null ? null : ranking.model(), train, test,
                new HeldOut.Options(options.k(), options.relevantAtLeast(), options.ranking(), scale[0], scale[1]));
        Report report = new Report(metrics, trainS, iterations, perIt, gflops,
                rating == null ? Double.NaN : rating.lastLoss(), ranking == null ? 0 : ranking.seconds());
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

    private static void print(Report report, Options o, PrintStream out) {
        HeldOutMetrics r = report.metrics();
        out.printf(Locale.ROOT, "%-14s %8s %8s", "", "RMSE", "MAE");
        if (o.ranking()) {
            out.printf(Locale.ROOT, " %9s %9s %9s %9s", "P@" + o.k(), "R@" + o.k(), "NDCG@" + o.k(), "cov@" + o.k());
        }
        out.println();
        if (r.rating() != null && r.rating().n() > 0) {
            row(out, "rating model", r.rating(), r.ratingRanking());
        }
        if (r.rankingRanking() != null) {
            row(out, "ranking model", null, r.rankingRanking());
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
