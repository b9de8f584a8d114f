package dev.latent.tuning;

import dev.latent.model.Ratings;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.RatingMatrix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One search of a training run: the rating model (by validation RMSE), then the ranking model (by validation
 * NDCG@10), within one budget of trials and wall-clock time. The rating search may use up to
 * {@link #RATING_SHARE} of the time; the ranking search has the rest.
 *
 * @param ratingTrials    configurations the rating search starts with (successive halving then keeps 1/3
 *                        per rung)
 * @param rankingTrials   configurations the ranking search starts with (0: no ranking search)
 * @param time            wall-clock budget of both searches
 * @param threads         trainer threads
 * @param seed            seed of the draws and of every trainer
 * @param maxRankingUsers at most this many validation users score a ranking trial
 */
public record ModelSearch(int ratingTrials, int rankingTrials, Duration time, int threads, long seed,
                          int maxRankingUsers) {

    public static final double RATING_SHARE = 0.6;

    /** Told of every finished evaluation: number i of the planned n of both searches, and the best so far. */
    @FunctionalInterface
    public interface Progress {
        void onTrial(Trial trial, int planned, Trial bestRating, Trial bestRanking);
    }

    /**
     * The chosen configurations, their models trained on the training part (to {@code ratingDone} /
     * {@code rankingDone} iterations: less than the full count when the budget cut the search short; null when
     * nothing could be measured in time) and every evaluation, rating trials first.
     */
    public record Outcome(RatingParams rating, FactorModel ratingModel, int ratingDone, double validationRmse,
                          RankingParams ranking, FactorModel rankingModel, int rankingDone, double validationNdcg,
                          List<Trial> trials) {
    }

    /**
     * Searches on {@code split}'s training part, scoring on its validation part.
     *
     * @param incumbentRating  the configuration chosen last time (may be null)
     * @param incumbentRanking likewise for the ranking model (may be null)
     * @param min              lowest rating of the scale
     * @param max              highest rating of the scale
     * @param relevantAtLeast  validation ratings at least this high count as relevant for NDCG
     */
    public Outcome run(StableSplit split, RatingParams incumbentRating, RankingParams incumbentRanking, float min,
                       float max, float relevantAtLeast, Progress progress) {
        RatingMatrix train = split.train().toMatrix();
        SearchSpace space = new SearchSpace(DataProfile.of(train));
        Budget budget = Budget.of(time);
        List<RatingParams> ratingCandidates = ratingTrials == 0 ? List.of()
                : RatingSearch.candidates(space, incumbentRating, ratingTrials, seed);
        List<RankingParams> rankingCandidates = rankingTrials == 0 ? List.of()
                : RankingSearch.candidates(space, incumbentRanking, rankingTrials, seed);
        int planned = (ratingCandidates.isEmpty() ? 0 : SuccessiveHalving.plannedEvaluations(ratingCandidates.size()))
                + (rankingCandidates.isEmpty() ? 0 : SuccessiveHalving.plannedEvaluations(rankingCandidates.size()));
        List<Trial> trials = new ArrayList<>();
        Trial[] best = new Trial[2];
        // A rating model fixed by its settings is not searched: the incumbent is kept, untrained.
        SuccessiveHalving.Result<RatingParams, FactorModel> rating = ratingCandidates.isEmpty()
                ? new SuccessiveHalving.Result<>(incumbentRating, null, 0, Double.NaN, List.of())
                : new RatingSearch(train, split.validation(), min, max, threads, seed)
                .run(ratingCandidates, rankingCandidates.isEmpty() ? budget : budget.share(RATING_SHARE),
                        (t, n, b) -> {
                            trials.add(t);
                            best[0] = b;
                            progress.onTrial(t, planned, best[0], best[1]);
                        });
        if (rankingCandidates.isEmpty()) {
            return new Outcome(rating.best(), rating.state(), rating.resourceDone(), rating.score(), null, null, 0,
                    Double.NaN, trials);
        }
        Ratings validationUsers = StableSplit.sampleUsers(split.validation(), maxRankingUsers, seed);
        int offset = trials.size();
        var ranking = new RankingSearch(train, validationUsers.toMatrix(), relevantAtLeast, threads, seed)
                .run(rankingCandidates, budget, (t, n, b) -> {
                    Trial renumbered = renumber(t, offset);
                    trials.add(renumbered);
                    best[1] = b == null ? null : renumber(b, offset);
                    progress.onTrial(renumbered, planned, best[0], best[1]);
                });
        return new Outcome(rating.best(), rating.state(), rating.resourceDone(), rating.score(), ranking.best(),
                ranking.state(), ranking.resourceDone(), -ranking.score(), trials);
    }

    private static Trial renumber(Trial t, int offset) {
        return new Trial(t.number() + offset, t.config(), t.rung(), t.resource(), t.metric(), t.score(), t.status(),
                t.seconds());
    }
}
