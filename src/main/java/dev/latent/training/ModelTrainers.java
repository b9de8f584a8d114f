package dev.latent.training;

import dev.latent.factorization.Algorithm;
import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.Settings;
import dev.latent.factorization.SgdConfig;
import dev.latent.factorization.Trainer;
import dev.latent.model.FoldInRecipe;
import dev.latent.model.ModelInfo;
import dev.latent.ratings.RatingsProperties;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns {@code latent.training.*} into the engine's trainers through the same {@link Settings} and
 * {@link Algorithm} registry as the command line, and says how serving folds users into what they train
 * ({@link #foldInRecipe()}, stored with each model).
 */
@Component
public class ModelTrainers {

    private final TrainingProperties p;
    private final RatingsProperties scale;
    private final Algorithm algorithm;
    private final Settings settings;

    public ModelTrainers(TrainingProperties properties, RatingsProperties scale) {
        this.p = properties;
        this.scale = scale;
        this.algorithm = Algorithm.rating(properties.algorithm());
        this.settings = settings(properties);
    }

    /** The properties by the command line's setting names; unset ones take the configs' defaults. */
    private static Settings settings(TrainingProperties p) {
        Map<String, Object> s = new HashMap<>();
        s.put("rank", p.rank());
        s.put("lambda", p.lambda());
        s.put("iterations", p.iterations() == null ? null : Math.max(1, p.iterations()));
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

    /** The pipeline of one run. */
    public TrainingPipeline pipeline() {
        Trainer rankingFit = p.ranking().enabled() ? Algorithm.IMPLICIT_ALS.trainer(settings) : null;
        Trainer rankingRefit = p.ranking().enabled() ? Algorithm.IMPLICIT_ALS.trainer(refit()) : null;
        return new TrainingPipeline(algorithm.trainer(settings), algorithm.trainer(refit()), rankingFit, rankingRefit,
                p.holdoutFraction(), p.seed(), (float) scale.min(), (float) scale.max(),
                // "Relevant" for NDCG: the top quarter of the scale (4 and above on 0.5–5 or 1–5).
                (float) (scale.min() + 0.75 * (scale.max() - scale.min())));
    }

    /** The settings of the warm-started refits: the refit's iteration count for both models (at least one). */
    private Settings refit() {
        int n = Math.max(1, p.refitIterations());
        return settings.with("iterations", n).with("ranking-iterations", n);
    }

    /** Iterations of a whole run over all its phases, for progress reporting. */
    public int totalIterations() {
        boolean measure = p.holdoutFraction() > 0;
        int refit = measure ? p.refitIterations() : 0;
        int rating = ratingIterations() + refit;
        int ranking = p.ranking().enabled() ? implicitConfig().iterations() + refit : 0;
        return rating + ranking;
    }

    /** The parameters a run trains with, as shown in run history and {@code GET /model}. */
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", p.algorithm());
        if (sgd()) {
            SgdConfig c = SgdConfig.from(settings);
            m.put("rank", c.rank());
            m.put("lambda", c.lambda());
            m.put("epochs", c.epochs());
            m.put("learningRate", c.learningRate());
            m.put("decay", c.decay());
        } else {
            AlsConfig c = AlsConfig.from(settings);
            m.put("rank", c.rank());
            m.put("lambda", c.lambda());
            m.put("biasLambda", c.biasLambda());
            m.put("iterations", c.iterations());
        }
        m.put("refitIterations", p.refitIterations());
        m.put("holdoutFraction", p.holdoutFraction());
        m.put("seed", p.seed());
        m.put("threads", p.effectiveThreads());
        if (p.ranking().enabled()) {
            m.putAll(ModelInfo.rankingParameters(implicitConfig()));
        }
        return m;
    }

    /** The rank of the rating model these settings train. */
    public int ratingRank() {
        return sgd() ? SgdConfig.from(settings).rank() : AlsConfig.from(settings).rank();
    }

    /**
     * How serving folds users into the models these settings train, stored with each model: the rating
     * model's ALS row solve (an SGD model with its λ and the ALS bias λ) and the ranking model's implicit
     * solve (null when the rating model also ranks).
     */
    public FoldInRecipe foldInRecipe() {
        AlsConfig als = AlsConfig.from(settings);
        FoldInRecipe.RatingSolve rating = sgd()
                ? new FoldInRecipe.RatingSolve(SgdConfig.from(settings).lambda(), AlsConfig.DEFAULTS.biasLambda(),
                        als.weightedLambda(), true)
                : FoldInRecipe.RatingSolve.of(als);
        return new FoldInRecipe(rating, p.ranking().enabled() ? FoldInRecipe.RankingSolve.of(implicitConfig()) : null);
    }

    private boolean sgd() {
        return algorithm == Algorithm.SGD;
    }

    private int ratingIterations() {
        return sgd() ? SgdConfig.from(settings).epochs() : AlsConfig.from(settings).iterations();
    }

    private ImplicitAlsConfig implicitConfig() {
        return ImplicitAlsConfig.from(settings);
    }
}
