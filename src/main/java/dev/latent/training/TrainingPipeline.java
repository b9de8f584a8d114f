package dev.latent.training;

import dev.latent.evaluation.HeldOut;
import dev.latent.evaluation.HeldOutMetrics;
import dev.latent.model.Ratings;
import dev.latent.evaluation.Splits;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.Trainer;
import dev.latent.factorization.TrainingListener;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One training run's math, free of Spring: hold out a random share of the ratings, fit the rating model and
 * the ranking model on the rest and measure them on the held-out share ({@link HeldOut}: RMSE, MAE, the
 * baselines; NDCG@10 of both models' rankings and of popularity), then refit both on every rating, warm-started from the measured fit, so
 * every accepted rating shapes the served model.
 *
 * @param ratingFit       rating-model trainer for the measured fit (and for the only fit without holdout)
 * @param ratingRefit     rating-model trainer for the warm-started refit on all ratings
 * @param rankingFit      ranking-model trainer (null: the rating model also ranks)
 * @param rankingRefit    ranking-model trainer for the refit
 * @param holdoutFraction share held out to measure (0: no measurement, one fit on everything)
 * @param seed            seed of the holdout split
 * @param min             lowest rating of the scale (predictions are clipped to it when measured)
 * @param max             highest rating of the scale
 * @param relevantAtLeast a held-out rating at least this high counts as relevant for NDCG@10
 */
public record TrainingPipeline(Trainer ratingFit, Trainer ratingRefit, Trainer rankingFit, Trainer rankingRefit,
                               double holdoutFraction, long seed, float min, float max, float relevantAtLeast) {

    /** Called after every iteration of a phase with the phase's name and training loss; false stops the run. */
    @FunctionalInterface
    public interface Progress {
        boolean onIteration(String phase, double loss);
    }

    /**
     * The models and their measurement.
     *
     * @param all     the matrix of every rating (the refit's input)
     * @param metrics the held-out measurement of the fit; null when nothing was held out
     */
    public record Result(FactorModel rating, FactorModel ranking, RatingMatrix all, HeldOutMetrics metrics) {
    }

    /**
     * Runs the pipeline.
     *
     * @param onSplit told the train and test sizes once the split is made
     * @param onPhase told each phase's name when it starts
     */
    public Result run(Ratings ratings, Progress progress, BiConsumer<Long, Long> onSplit, Consumer<String> onPhase) {
        RatingMatrix all = ratings.toMatrix();
        boolean measure = holdoutFraction > 0 && ratings.size() >= 20;
        if (!measure) {
            onSplit.accept((long) ratings.size(), 0L);
            onPhase.accept("rating-fit");
            FactorModel rating = ratingFit.train(all, null, listener("rating-fit", progress));
            FactorModel ranking = rating;
            if (rankingFit != null) {
                onPhase.accept("ranking-fit");
                ranking = rankingFit.train(all, null, listener("ranking-fit", progress));
            }
            return new Result(rating, ranking, all, null);
        }
        Splits.Split split = Splits.random(ratings, holdoutFraction, seed);
        RatingMatrix train = split.train().toMatrix();
        onSplit.accept((long) train.size(), (long) split.test().size());

        onPhase.accept("rating-fit");
        FactorModel rating = ratingFit.train(train, null, listener("rating-fit", progress));
        FactorModel ranking = null;
        if (rankingFit != null) {
            onPhase.accept("ranking-fit");
            ranking = rankingFit.train(train, null, listener("ranking-fit", progress));
        }
        HeldOutMetrics metrics = HeldOut.measure(rating, ranking, train, split.test(),
                new HeldOut.Options(10, relevantAtLeast, true, min, max));

        onPhase.accept("rating-refit");
        FactorModel servedRating = ratingRefit.train(all, rating, listener("rating-refit", progress));
        FactorModel servedRanking = servedRating;
        if (rankingFit != null) {
            onPhase.accept("ranking-refit");
            servedRanking = rankingRefit.train(all, ranking, listener("ranking-refit", progress));
        }
        return new Result(servedRating, servedRanking, all, metrics);
    }

    private static TrainingListener listener(String phase, Progress progress) {
        return (iteration, loss, elapsedNanos) -> progress.onIteration(phase, loss);
    }
}
