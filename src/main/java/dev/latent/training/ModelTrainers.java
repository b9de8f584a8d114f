package dev.latent.training;

import dev.latent.factorization.Algorithm;
import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.BayesianFoldIn;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.Settings;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.ModelInfo;
import dev.latent.ratings.RatingsProperties;
import dev.latent.tuning.ModelSearch;
import dev.latent.tuning.QualityGate;
import dev.latent.tuning.RankingParams;
import dev.latent.tuning.RatingParams;
import dev.latent.tuning.TunedFit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns {@code latent.training.*} and {@code latent.tuning.*} into what a run trains: the configurations the
 * knobs set (through the same {@link Settings} and {@link Algorithm} registry as the command line; unset knobs
 * take the engine defaults), the search, the run's math ({@link TunedFit}), the quality gate, and how serving
 * folds users into what was trained ({@link #foldInRecipe}, stored with each model).
 */
@Component
public class ModelTrainers {

    private final TrainingProperties p;
    private final TuningProperties tuning;
    private final RatingsProperties scale;
    private final Settings settings;

    public ModelTrainers(TrainingProperties properties, TuningProperties tuning, RatingsProperties scale) {
        this.p = properties;
        this.tuning = tuning;
        this.scale = scale;
        Algorithm.rating(properties.algorithmName()); // fail at start-up on a name the registry does not know
        this.settings = settings(properties);
    }

    /** The properties by the command line's setting names; unset ones take the configs' defaults. */
    private static Settings settings(TrainingProperties p) {
        Map<String, Object> s = new HashMap<>();
        s.put("rank", p.rank());
        s.put("lambda", p.lambda());
        s.put("iterations", p.iterations() == null ? null : Math.max(1, p.iterations()));
        s.put("samples", p.iterations() == null ? null : Math.max(1, p.iterations()));
        s.put("lr", p.learningRate());
        s.put("threads", p.effectiveThreads());
        s.put("seed", p.seed());
        TrainingProperties.Ranking r = p.ranking();
        s.put("ranking-rank", r.rank());
        s.put("ranking-lambda", r.lambda());
        s.put("alpha", r.alpha());
        s.put("confidence", r.confidence());
        s.put("shift", r.shift());
        s.put("ranking-iterations", r.iterations());
        return Settings.of(s);
    }

    /** The run's math: split, measured fit, gate, refit. */
    public TunedFit fit() {
        return new TunedFit(p.holdoutFraction(), tuning.validationFraction(), p.refitIterations(),
                p.effectiveThreads(), p.seed(), (float) scale.min(), (float) scale.max(), relevantAtLeast());
    }

    /** "Relevant" for NDCG: the top quarter of the scale (4 and above on 0.5–5 or 1–5). */
    public float relevantAtLeast() {
        return (float) (scale.min() + 0.75 * (scale.max() - scale.min()));
    }

    /** A search within {@code latent.tuning.*}'s budget; a model whose knobs are set is not searched. */
    public ModelSearch search() {
        return new ModelSearch(p.ratingModelSet() ? 0 : tuning.trials(),
                p.ranking().enabled() && !p.ranking().modelSet() ? tuning.rankingTrials() : 0, tuning.budget(),
                p.effectiveThreads(), p.seed(), tuning.maxRankingUsers());
    }

    /** The gate, or null when it is off. */
    public QualityGate gate() {
        TrainingProperties.Gate g = p.gate();
        return g.enabled() ? new QualityGate(g.rmseTolerance(), g.ndcgTolerance()) : null;
    }

    /** The rating model the knobs describe (the engine defaults of the algorithm for unset ones). */
    public RatingParams ratingSetting() {
        return RatingParams.of(Algorithm.rating(p.algorithmName()).config(settings));
    }

    /** The ranking model the knobs describe; null when the ranking model is off. */
    public RankingParams rankingSetting() {
        if (!p.ranking().enabled()) {
            return null;
        }
        ImplicitAlsConfig c = (ImplicitAlsConfig) Algorithm.IMPLICIT_ALS.config(settings);
        return new RankingParams(c.rank(), c.lambda(), c.alpha(), c.confidence(), c.shift(), c.iterations());
    }

    public boolean rankingEnabled() {
        return p.ranking().enabled();
    }

    /** Whether a search may run at all, and what fixes which model. */
    public boolean tuningEnabled() {
        return tuning.enabled() && p.holdoutFraction() > 0
                && (!p.ratingModelSet() || (p.ranking().enabled() && !p.ranking().modelSet()));
    }

    public TuningProperties tuning() {
        return tuning;
    }

    public TrainingProperties training() {
        return p;
    }

    /** Iterations of a run with these configurations over all its phases (search trials not counted). */
    public int totalIterations(RatingParams rating, RankingParams ranking) {
        boolean measure = p.holdoutFraction() > 0;
        int ratingRefit = measure ? (rating.resumable() ? p.refitIterations() : rating.burnIn() + rating.iterations())
                : 0;
        int total = rating.burnIn() + rating.iterations() + ratingRefit;
        if (ranking != null) {
            total += ranking.iterations() + (measure ? p.refitIterations() : 0);
        }
        return total;
    }

    /** The parameters a run trains with, as shown in run history and {@code GET /model}. */
    public Map<String, Object> parameters(RatingParams rating, RankingParams ranking) {
        Map<String, Object> m = new LinkedHashMap<>(rating.asMap());
        m.put("refitIterations", p.refitIterations());
        m.put("holdoutFraction", p.holdoutFraction());
        m.put("seed", p.seed());
        m.put("threads", p.effectiveThreads());
        if (ranking != null) {
            ranking.asMap().forEach((k, v) -> m.put("ranking." + k, v));
        }
        return m;
    }

    /**
     * How serving folds users into the models of these configurations: the rating model's ALS row solve (an
     * SGD model with its λ and the ALS bias λ), or a Bayesian model's per-sample solves ({@code bayesian}), and
     * the ranking model's implicit solve (null when the rating model also ranks).
     */
    public FoldInRecipe foldInRecipe(RatingParams rating, RankingParams ranking, BayesianFoldIn.Recipe bayesian) {
        AlsConfig d = AlsConfig.DEFAULTS;
        FoldInRecipe.RatingSolve solve = switch (rating.algorithm()) {
            case ALS -> new FoldInRecipe.RatingSolve(rating.lambda(), rating.biasLambda(), d.weightedLambda(), true);
            case SGD -> new FoldInRecipe.RatingSolve(rating.lambda(), d.biasLambda(), d.weightedLambda(), true);
            // Not used for the rating model (the Bayesian recipe is), kept so older readers find the fields.
            case BAYES_ALS -> new FoldInRecipe.RatingSolve(d.lambda(), d.biasLambda(), d.weightedLambda(), true);
            default -> throw new IllegalStateException(rating.algorithm().wire());
        };
        FoldInRecipe.RankingSolve rankingSolve = ranking == null ? null : FoldInRecipe.RankingSolve.of(
                ranking.config(p.effectiveThreads(), p.seed()));
        return new FoldInRecipe(solve, rankingSolve, rating.algorithm() == Algorithm.BAYES_ALS
                ? bayesian : null);
    }
}
