package dev.latent.tuning;

import dev.latent.evaluation.HeldOut;
import dev.latent.evaluation.HeldOutMetrics;
import dev.latent.factorization.BayesianAlsTrainer;
import dev.latent.factorization.BayesianFoldIn;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.Trainer;
import dev.latent.factorization.TrainingListener;
import dev.latent.model.Ratings;
import java.util.List;

/**
 * One training run's math with a search, free of Spring:
 * <ol>
 *   <li>split the snapshot by {@link StableSplit} into training, validation (only when searching) and held-out
 *       parts;</li>
 *   <li>search ({@link ModelSearch}) the rating and ranking models on training/validation, or take the given
 *       configurations;</li>
 *   <li>the measured fit: the chosen configurations trained on the training part (a search's best trial is
 *       reused, continued to its full iterations if the budget cut it short), measured on the held-out
 *       part;</li>
 *   <li>the quality gate: the served model, carried into this run's index space, is measured on the same
 *       held-out part; unless forced, a new model worse than the gate allows stops the run here;</li>
 *   <li>the refit on every rating: ALS, SGD and the ranking model warm-started from the measured fit for
 *       {@code refitIterations}; Bayesian ALS runs its chain again on every rating.</li>
 * </ol>
 *
 * @param heldOutFraction    share held out (0: no measurement, no gate: one fit on everything)
 * @param validationFraction share for validation when searching
 * @param refitIterations    warm-started iterations of the refit
 * @param threads            trainer threads
 * @param seed               seed of the split, the draws and every trainer
 * @param min                lowest rating of the scale
 * @param max                highest rating of the scale
 * @param relevantAtLeast    held-out ratings at least this high are relevant for NDCG@10
 */
public record TunedFit(double heldOutFraction, double validationFraction, int refitIterations, int threads, long seed,
                       float min, float max, float relevantAtLeast) {

    /** Below this many ratings nothing is held out (the figures would be noise). */
    public static final int MIN_RATINGS_TO_MEASURE = 20;

    /** What to train: a search, or fixed configurations. */
    public record Plan(ModelSearch search, RatingParams rating, RankingParams ranking) {

        /** Search, starting from the incumbents (may be null). */
        public static Plan search(ModelSearch search, RatingParams incumbentRating, RankingParams incumbentRanking) {
            return new Plan(search, incumbentRating, incumbentRanking);
        }

        /** Train these (ranking null: no ranking model, the rating model ranks). */
        public static Plan fixed(RatingParams rating, RankingParams ranking) {
            return new Plan(null, rating, ranking);
        }
    }


    /**
     * The result. {@code rating}/{@code ranking} are the served (refitted) models, null when the gate
     * rejected the run; {@code figures}, {@code verdict} null when nothing was held out; {@code bayesian} the
     * fold-in recipe of a Bayesian ALS rating model (else null). {@code measuredRating}/{@code measuredRanking}
     * are the measured fit's models, which never saw the held-out part: keep them as the gate's reference for
     * the next run (the served models were refitted on every rating, held-out part included, so scoring them
     * on it would flatter them by about their training error).
     */
    public record Result(RatingParams ratingConfig, RankingParams rankingConfig, FactorModel rating,
                         FactorModel ranking, BayesianFoldIn.Recipe bayesian, FactorModel measuredRating,
                         FactorModel measuredRanking, RatingMatrix all, HeldOutMetrics figures,
                         QualityGate.Verdict verdict, List<Trial> trials, long trainRatings, long testRatings) {

        public boolean rejected() {
            return verdict != null && !verdict.passed() && rating == null;
        }
    }

    /**
     * Carries the served model's measured fit (its reference, {@link Result#measuredRating}) into this run's
     * index space (see {@link ServedBaseline}); null: none.
     */
    @FunctionalInterface
    public interface Baseline {
        /** @return {rating, ranking} over this run's index space, or null when nothing is served */
        FactorModel[] models(Ratings snapshot, RatingMatrix train);
    }

    /** Run callbacks: phases, trainer iterations, search trials. */
    public interface Progress {
        void phase(String name);

        /** After every trainer iteration of a phase; false stops the run (cancellation). */
        boolean iteration(String phase, double loss);

        void trial(Trial trial, int planned, Trial bestRating, Trial bestRanking);
    }

    /**
     * Runs the fit.
     *
     * @param gate  the gate (null: none)
     * @param force skip the gate's verdict (its figures are still measured and reported)
     */
    public Result run(Ratings ratings, Plan plan, Baseline baseline, QualityGate gate, boolean force,
                      Progress progress) {
        RatingMatrix all = ratings.toMatrix();
        boolean measure = heldOutFraction > 0 && ratings.size() >= MIN_RATINGS_TO_MEASURE;
        boolean searching = plan.search() != null && measure;
        StableSplit split = StableSplit.of(ratings, measure ? heldOutFraction : 0,
                searching ? validationFraction : 0, seed);
        RatingParams ratingConfig = plan.rating();
        RankingParams rankingConfig = plan.ranking();
        if (plan.search() != null && (ratingConfig == null
                || (rankingConfig == null && plan.search().rankingTrials() > 0))) {
            // A search with nothing to start from that cannot run (too few ratings): the scale-mapped defaults.
            SearchSpace space = new SearchSpace(DataProfile.of(all));
            ratingConfig = ratingConfig == null ? space.defaultRating() : ratingConfig;
            rankingConfig = rankingConfig == null && plan.search().rankingTrials() > 0 ? space.defaultRanking()
                    : rankingConfig;
        }
        FactorModel rating = null;
        FactorModel ranking = null;
        List<Trial> trials = List.of();
        int ratingDone = 0;
        int rankingDone = 0;
        RatingMatrix train = split.train().toMatrix();
        if (searching) {
            progress.phase("search");
            ModelSearch.Outcome o = plan.search().run(split, plan.rating(), plan.ranking(), min, max, relevantAtLeast,
                    progress::trial);
            ratingConfig = o.rating();
            rating = o.ratingModel();
            ratingDone = rating == null ? 0 : o.ratingDone();
            if (plan.search().rankingTrials() > 0) {
                rankingConfig = o.ranking();
                ranking = o.rankingModel();
                rankingDone = ranking == null ? 0 : o.rankingDone();
            }
            trials = o.trials();
        }
        if (!measure) {
            progress.phase("rating-fit");
            FactorModel r;
            BayesianFoldIn.Recipe recipe = null;
            if (ratingConfig.resumable()) {
                r = fit(ratingConfig, all, null, 0, "rating-fit", progress);
            } else {
                BayesianAlsTrainer.Chain chain = chain(ratingConfig)
                        .sample(all, null, listener("rating-fit", progress));
                r = chain.model();
                recipe = chain.recipe();
            }
            FactorModel k = r;
            if (rankingConfig != null) {
                progress.phase("ranking-fit");
                k = fitRanking(rankingConfig, all, null, 0, "ranking-fit", progress);
            }
            return new Result(ratingConfig, rankingConfig, r, k, recipe, null, null, all, null, null,
                    trials, ratings.size(), 0);
        }
        progress.phase("rating-fit");
        rating = fit(ratingConfig, train, rating, ratingDone, "rating-fit", progress);
        if (rankingConfig != null) {
            progress.phase("ranking-fit");
            ranking = fitRanking(rankingConfig, train, ranking, rankingDone, "ranking-fit", progress);
        }
        progress.phase("measure");
        RatingMatrix seen = split.trainAndValidation().toMatrix();
        HeldOutMetrics figures = measure(rating, ranking, seen, split.heldOut());
        QualityGate.Verdict verdict = null;
        FactorModel[] served = baseline == null ? null : baseline.models(ratings, seen);
        if (gate != null && served != null) {
            HeldOutMetrics old = measure(served[0], served[1] == served[0] ? null : served[1], seen, split.heldOut());
            verdict = gate.judge(figures(figures), figures(old));
            if (!verdict.passed() && !force) {
                return new Result(ratingConfig, rankingConfig, null, null, null, rating, ranking, all, figures, verdict,
                        trials,
                        split.train().size(), split.heldOut().size());
            }
        }
        progress.phase("rating-refit");
        FactorModel servedRating;
        BayesianFoldIn.Recipe bayesian = null;
        if (ratingConfig.resumable()) {
            servedRating = trainer(ratingConfig, ratingConfig.iterations(), refitIterations)
                    .train(all, rating, listener("rating-refit", progress));
        } else {
            BayesianAlsTrainer.Chain chain = chain(ratingConfig)
                    .sample(all, null, listener("rating-refit", progress));
            servedRating = chain.model();
            bayesian = chain.recipe();
        }
        FactorModel servedRanking = servedRating;
        if (rankingConfig != null) {
            progress.phase("ranking-refit");
            servedRanking = rankingConfig.withIterations(Math.max(1, refitIterations)).trainer(threads, seed)
                    .train(all, ranking, listener("ranking-refit", progress));
        }
        return new Result(ratingConfig, rankingConfig, servedRating, servedRanking, bayesian, rating, ranking, all,
                figures, verdict, trials, split.train().size(), split.heldOut().size());
    }

    /**
     * The one held-out measurement ({@link HeldOut}) of models fitted without {@code test}; {@code seen} (the
     * training and validation parts) gives the baselines and the items left out of each user's ranking.
     */
    HeldOutMetrics measure(FactorModel rating, FactorModel ranking, RatingMatrix seen, Ratings test) {
        return HeldOut.measure(rating, ranking, seen, test, new HeldOut.Options(10, relevantAtLeast, true, min, max));
    }

    /** What the gate compares: the rating model's RMSE and the served ranking's NDCG@10. */
    public static QualityGate.Figures figures(HeldOutMetrics m) {
        return new QualityGate.Figures(m.rating() == null ? null : m.rating().rmse(),
                m.served() == null ? null : m.served().ndcg());
    }

    /** Trains {@code c} to its full iterations, continuing {@code from} (trained to {@code done}) when it can. */
    private FactorModel fit(RatingParams c, RatingMatrix m, FactorModel from, int done, String phase,
                            Progress progress) {
        if (from != null && done >= c.iterations()) {
            return from;
        }
        if (from != null && c.resumable() && done > 0) {
            return trainer(c, done, c.iterations() - done).train(m, from, listener(phase, progress));
        }
        return c.trainer(threads, seed).train(m, null, listener(phase, progress));
    }

    private FactorModel fitRanking(RankingParams c, RatingMatrix m, FactorModel from, int done, String phase,
                                   Progress progress) {
        if (from != null && done >= c.iterations()) {
            return from;
        }
        boolean resume = from != null && done > 0;
        return c.withIterations(resume ? c.iterations() - done : c.iterations()).trainer(threads, seed)
                .train(m, resume ? from : null, listener(phase, progress));
    }

    private Trainer trainer(RatingParams c, int done, int more) {
        return c.continuation(done, Math.max(1, more), threads, seed);
    }

    /** The Bayesian chain of {@code c} (its samples' recipe is what serving folds users with). */
    private BayesianAlsTrainer chain(RatingParams c) {
        return (BayesianAlsTrainer) c.trainer(threads, seed);
    }

    private static TrainingListener listener(String phase, Progress progress) {
        return (iteration, loss, nanos) -> progress.iteration(phase, loss);
    }
}
