package dev.latent.training;

import dev.latent.factorization.FactorModel;
import dev.latent.factorization.FoldIn;
import dev.latent.factorization.ImplicitFoldIn;
import dev.latent.factorization.RatingFoldIn;
import dev.latent.model.ServedModel;
import dev.latent.model.store.ModelStore;
import dev.latent.tuning.RankingParams;
import dev.latent.tuning.RatingParams;
import dev.latent.tuning.ServedBaseline;
import dev.latent.tuning.TunedFit;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides what a run trains: a search (the first run on a fresh store, then every {@code latent.tuning.period}
 * or after the ratings grew by {@code growth-factor}), the last chosen configuration (every run in between), the
 * engine defaults (tuning off) or what the knobs under {@code latent.training.*} set; and gives the gate the
 * served model's measured fit to compare with.
 */
@Component
public class RunPlan {

    private static final Logger log = LoggerFactory.getLogger(RunPlan.class);

    private final ModelTrainers trainers;
    private final ModelStore store;

    public RunPlan(ModelTrainers trainers, ModelStore store) {
        this.trainers = trainers;
        this.store = store;
    }

    /** What to train and the configuration as planned (a search fills in the chosen one afterwards). */
    public record Decision(TunedFit.Plan plan, ChosenConfiguration configuration, boolean search) {
    }

    public Decision decide(ServedModel served, long ratings, long runId, Instant now) {
        TrainingProperties p = trainers.training();
        RatingParams ratingSetting = trainers.ratingSetting();
        RankingParams rankingSetting = trainers.rankingSetting();
        String fixed = p.ratingModelSet() ? (p.ranking().modelSet() ? "rating,ranking" : "rating")
                : p.ranking().modelSet() ? "ranking" : null;
        String settingKind = p.ratingModelSet() ? ChosenConfiguration.SETTING : ChosenConfiguration.DEFAULT;
        if (!trainers.tuningEnabled()) {
            return new Decision(TunedFit.Plan.fixed(ratingSetting, rankingSetting),
                    configuration(ratingSetting, rankingSetting, new ChosenConfiguration.Origin(settingKind, null, null,
                            null, false, fixed)), false);
        }
        ChosenConfiguration last = served == null ? null
                : ChosenConfiguration.fromMap(served.info().parameters().get("configuration"));
        RatingParams lastRating = null;
        RankingParams lastRanking = null;
        boolean due = last == null || !ChosenConfiguration.SEARCH.equals(last.origin().kind())
                || last.origin().searchedAt() == null || last.origin().ratingsAtSearch() == null;
        if (!due) {
            try {
                lastRating = RatingParams.fromMap(last.rating());
                lastRanking = last.ranking() == null ? null : RankingParams.fromMap(last.ranking());
            } catch (IllegalArgumentException e) {
                log.warn("The served model's configuration cannot be read ({}); searching again", e.getMessage());
                due = true;
            }
        }
        TuningProperties t = trainers.tuning();
        if (!due) {
            due = !now.isBefore(last.origin().searchedAt().plus(t.period()))
                    || ratings >= t.growthFactor() * last.origin().ratingsAtSearch();
        }
        RatingParams rating = p.ratingModelSet() ? ratingSetting : lastRating;
        RankingParams ranking = !trainers.rankingEnabled() || p.ranking().modelSet() ? rankingSetting
                : lastRanking;
        if (due) {
            return new Decision(TunedFit.Plan.search(trainers.search(), rating, ranking),
                    configuration(rating != null ? rating : ratingSetting, ranking, new ChosenConfiguration.Origin(
                            ChosenConfiguration.SEARCH, runId, now, ratings, false, fixed)), true);
        }
        if (ranking == null && trainers.rankingEnabled()) {
            ranking = rankingSetting;
        }
        ChosenConfiguration.Origin o = last.origin();
        return new Decision(TunedFit.Plan.fixed(rating, ranking), configuration(rating, ranking,
                new ChosenConfiguration.Origin(o.kind(), o.searchRunId(), o.searchedAt(), o.ratingsAtSearch(), true,
                        fixed)), false);
    }

    /** The configuration a finished run trained, with its origin (a search that could not run says default). */
    public ChosenConfiguration chosen(Decision d, TunedFit.Result result, long runId, long ratings) {
        ChosenConfiguration.Origin o = d.configuration().origin();
        if (d.search() && result.trials().isEmpty()) {
            o = new ChosenConfiguration.Origin(ChosenConfiguration.DEFAULT, null, null, null, false, o.fixed());
        }
        return configuration(result.ratingConfig(), result.rankingConfig(), o);
    }

    private static ChosenConfiguration configuration(RatingParams rating, RankingParams ranking,
                                                     ChosenConfiguration.Origin origin) {
        Map<String, Object> r = rating == null ? null : rating.asMap();
        return new ChosenConfiguration(r, ranking == null ? null : ranking.asMap(), origin);
    }

    /**
     * The served model's measured fit carried into a run's index space, for the gate; null when nothing is
     * served or the served model has no stored reference (trained before gates existed).
     */
    public TunedFit.Baseline baseline(ServedModel served) {
        if (served == null) {
            return null;
        }
        return (snapshot, train) -> {
            Optional<FactorModel[]> reference = store.loadReference(served.version());
            if (reference.isEmpty()) {
                log.info("Served model {} has no measured fit stored: the gate does not compare", served.version());
                return null;
            }
            FactorModel rating = reference.get()[0];
            FactorModel ranking = reference.get()[1];
            RatingFoldIn ratingFold = served.foldIn().ratingFoldIn(rating);
            FactorModel r = ServedBaseline.remap(rating, served.users(), served.items(), snapshot.userIds(),
                    snapshot.itemIds(), train, ratingFold::solve);
            if (ranking == rating || served.foldIn().ranking() == null) {
                return new FactorModel[] {r, r};
            }
            ImplicitFoldIn rankingFold = served.foldIn().rankingFoldIn(ranking);
            FactorModel k = ServedBaseline.remap(ranking, served.users(), served.items(), snapshot.userIds(),
                    snapshot.itemIds(), train, (items, values, n) ->
                            new FoldIn.User(0f, rankingFold.userFactors(items, values, n)));
            return new FactorModel[] {r, k};
        };
    }
}
