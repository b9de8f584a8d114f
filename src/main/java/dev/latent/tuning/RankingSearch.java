package dev.latent.tuning;

import dev.latent.evaluation.RankingMetrics;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import dev.latent.factorization.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * The ranking-model search: successive halving over implicit-ALS configurations (rank, λ, α, confidence
 * form) drawn from a data-derived {@link SearchSpace}, each trained on the training part and scored by
 * NDCG@10 on the validation part (full catalogue, training items left out, validation ratings in the top
 * quarter of the scale relevant). Trials are warm-started from the previous rung.
 */
public final class RankingSearch implements SuccessiveHalving.Objective<RankingParams, FactorModel> {

    /** The cut-off of the validation NDCG. */
    public static final int K = 10;

    private final RatingMatrix train;
    private final RatingMatrix validation;
    private final float relevantAtLeast;
    private final int threads;
    private final long seed;

    /**
     * @param validation validation ratings as a matrix over train's index space (restrict it to a sample of
     *                   users on large data: scoring costs users × items × rank)
     */
    public RankingSearch(RatingMatrix train, RatingMatrix validation, float relevantAtLeast, int threads, long seed) {
        this.train = train;
        this.validation = validation;
        this.relevantAtLeast = relevantAtLeast;
        this.threads = threads;
        this.seed = seed;
    }

    /** The incumbent (may be null), the scale-mapped default, then seeded draws, without duplicates. */
    public static List<RankingParams> candidates(SearchSpace space, RankingParams incumbent, int trials, long seed) {
        LinkedHashSet<RankingParams> c = new LinkedHashSet<>();
        if (incumbent != null) {
            c.add(incumbent);
        }
        c.add(space.defaultRanking());
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        for (int guard = 0; c.size() < trials && guard < trials * 10; guard++) {
            c.add(space.sampleRanking(rnd));
        }
        return new ArrayList<>(c).subList(0, Math.max(1, Math.min(trials, c.size())));
    }

    public SuccessiveHalving.Result<RankingParams, FactorModel> run(List<RankingParams> candidates, Budget budget,
                                                                   SuccessiveHalving.Listener listener) {
        return new SuccessiveHalving<>(this, RankingParams::asMap, "validationNdcg@10", true)
                .run(candidates, budget, listener);
    }

    @Override
    public int fullResource(RankingParams p) {
        return p.iterations();
    }

    @Override
    public int minResource(RankingParams p) {
        return Math.min(p.iterations(), 3);
    }

    @Override
    public SuccessiveHalving.Outcome<FactorModel> evaluate(RankingParams p, int resource, FactorModel state, int done,
                                                           Budget budget) {
        boolean resume = state != null && done > 0 && done < resource;
        boolean[] cut = {false};
        TrainingListener listener = (iteration, loss, nanos) -> {
            if (budget.exhausted() || Thread.currentThread().isInterrupted()) {
                cut[0] = true;
                return false;
            }
            return true;
        };
        int iterations = resume ? resource - done : resource;
        FactorModel model = p.withIterations(iterations).trainer(threads, seed)
                .train(train, resume ? state : null, listener);
        if (cut[0]) {
            return new SuccessiveHalving.Outcome<>(Double.NaN, null, Trial.CUT);
        }
        double ndcg = RankingMetrics.evaluate(model::scoreAll, train, validation, K, relevantAtLeast).ndcg();
        return new SuccessiveHalving.Outcome<>(-ndcg, model, Trial.DONE);
    }
}
