package dev.latent.tuning;

import dev.latent.evaluation.RatingMetrics;
import dev.latent.model.Ratings;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * The rating-model search: successive halving over ALS, SGD and Bayesian ALS configurations drawn from a
 * data-derived {@link SearchSpace}, each trained on the training part and scored by RMSE on the validation
 * part (predictions clipped to the scale). The first candidates are the incumbent (the configuration chosen
 * last time, if any) and the scale-mapped engine defaults, so a search never chooses worse on validation than
 * what it would otherwise have served.
 *
 * <p>Bad trials stop early through their {@link TrainingListener}: a trial whose training RMSE is no longer
 * finite or exceeds three standard deviations of the ratings (a diverging SGD step size) stops after that
 * iteration and is dropped, and every trial stops when the search's time budget runs out.
 */
public final class RatingSearch implements SuccessiveHalving.Objective<RatingParams, FactorModel> {

    private final RatingMatrix train;
    private final Ratings validation;
    private final float min;
    private final float max;
    private final int threads;
    private final long seed;
    private final double divergence;

    /**
     * @param train      the matrix trials train on
     * @param validation the ratings they are scored on, in the same index space
     * @param min        lowest rating of the scale (predictions are clipped to it)
     * @param max        highest rating of the scale
     */
    public RatingSearch(RatingMatrix train, Ratings validation, float min, float max, int threads, long seed) {
        this.train = train;
        this.validation = validation;
        this.min = min;
        this.max = max;
        this.threads = threads;
        this.seed = seed;
        this.divergence = 3 * DataProfile.of(train).std() + (max - min);
    }

    /**
     * The candidates of a search of {@code trials} configurations: the incumbent (may be null), the
     * scale-mapped ALS and Bayesian ALS defaults, then seeded draws from {@code space}, without duplicates.
     */
    public static List<RatingParams> candidates(SearchSpace space, RatingParams incumbent, int trials, long seed) {
        LinkedHashSet<RatingParams> c = new LinkedHashSet<>();
        if (incumbent != null) {
            c.add(incumbent);
        }
        c.add(space.defaultRating());
        c.add(space.defaultBayesian());
        Random rnd = new Random(seed);
        for (int guard = 0; c.size() < trials && guard < trials * 10; guard++) {
            c.add(space.sampleRating(rnd));
        }
        return new ArrayList<>(c).subList(0, Math.max(1, Math.min(trials, c.size())));
    }

    /** Runs the search. */
    public SuccessiveHalving.Result<RatingParams, FactorModel> run(List<RatingParams> candidates, Budget budget,
                                                                  SuccessiveHalving.Listener listener) {
        return new SuccessiveHalving<>(this, RatingParams::asMap, "validationRmse", false)
                .run(candidates, budget, listener);
    }

    @Override
    public int fullResource(RatingParams p) {
        return p.iterations();
    }

    @Override
    public int minResource(RatingParams p) {
        return switch (p.algorithm()) {
            case ALS -> 3;
            case SGD -> 5;
            case BAYES_ALS -> Math.min(p.iterations(), 10);
            default -> throw new IllegalStateException(p.algorithm().wire());
        };
    }

    @Override
    public SuccessiveHalving.Outcome<FactorModel> evaluate(RatingParams p, int resource, FactorModel state, int done,
                                                           Budget budget) {
        boolean resume = state != null && p.resumable() && done > 0 && done < resource;
        String[] status = {Trial.DONE};
        TrainingListener listener = (iteration, rmse, nanos) -> {
            if (budget.exhausted() || Thread.currentThread().isInterrupted()) {
                status[0] = Trial.CUT;
                return false;
            }
            if (!Double.isFinite(rmse) || rmse > divergence) {
                status[0] = Trial.DIVERGED;
                return false;
            }
            return true;
        };
        FactorModel model = resume
                ? p.continuation(done, resource - done, threads, seed).train(train, state, listener)
                : p.withIterations(resource).trainer(threads, seed).train(train, null, listener);
        if (!status[0].equals(Trial.DONE)) {
            return new SuccessiveHalving.Outcome<>(Double.NaN, null, status[0]);
        }
        double rmse = RatingMetrics.evaluate(model::predict, validation, min, max).rmse();
        if (!Double.isFinite(rmse)) {
            return new SuccessiveHalving.Outcome<>(Double.NaN, null, Trial.DIVERGED);
        }
        return new SuccessiveHalving.Outcome<>(rmse, model, Trial.DONE);
    }
}
