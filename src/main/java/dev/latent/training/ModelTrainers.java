package dev.latent.training;

import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitAlsTrainer;
import dev.latent.factorization.SgdConfig;
import dev.latent.factorization.SgdTrainer;
import dev.latent.factorization.Trainer;
import dev.latent.model.FoldInRecipe;
import dev.latent.ratings.RatingsProperties;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns {@code latent.training.*} into the engine's trainers and fold-in solvers, so the trainer and serving
 * use the same regularisation for a model.
 */
@Component
public class ModelTrainers {

    private final TrainingProperties p;
    private final RatingsProperties scale;

    public ModelTrainers(TrainingProperties properties, RatingsProperties scale) {
        this.p = properties;
        this.scale = scale;
    }

    /** The pipeline of one run. */
    public TrainingPipeline pipeline() {
        Trainer rankingFit = p.ranking().enabled() ? new ImplicitAlsTrainer(implicitConfig(false)) : null;
        Trainer rankingRefit = p.ranking().enabled() ? new ImplicitAlsTrainer(implicitConfig(true)) : null;
        return new TrainingPipeline(rating(false), rating(true), rankingFit, rankingRefit,
                p.holdoutFraction(), p.seed(), (float) scale.min(), (float) scale.max(),
                // "Relevant" for NDCG: the top quarter of the scale (4 and above on 0.5–5 or 1–5).
                (float) (scale.min() + 0.75 * (scale.max() - scale.min())));
    }

    /** Iterations of a whole run over all its phases, for progress reporting. */
    public int totalIterations() {
        boolean measure = p.holdoutFraction() > 0;
        int refit = measure ? p.refitIterations() : 0;
        int rating = ratingIterations() + refit;
        int ranking = p.ranking().enabled() ? implicitConfig(false).iterations() + refit : 0;
        return rating + ranking;
    }

    /** The parameters a run trains with, as shown in run history and {@code GET /model}. */
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", p.algorithm());
        if (sgd()) {
            SgdConfig c = sgdConfig(false);
            m.put("rank", c.rank());
            m.put("lambda", c.lambda());
            m.put("epochs", c.epochs());
            m.put("learningRate", c.learningRate());
            m.put("decay", c.decay());
        } else {
            AlsConfig c = alsConfig(false);
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
            ImplicitAlsConfig c = implicitConfig(false);
            m.put("ranking.rank", c.rank());
            m.put("ranking.lambda", c.lambda());
            m.put("ranking.alpha", c.alpha());
            m.put("ranking.confidence", c.confidence().name().toLowerCase(Locale.ROOT));
            m.put("ranking.shift", c.shift());
            m.put("ranking.iterations", c.iterations());
        }
        return m;
    }

    /** The rank of the rating model these settings train. */
    public int ratingRank() {
        return sgd() ? sgdConfig(false).rank() : alsConfig(false).rank();
    }

    /**
     * How serving folds users into the models these settings train, stored with each model: the rating
     * model's ALS row solve (an SGD model with its λ and the ALS bias λ) and the ranking model's implicit
     * solve (null when the rating model also ranks).
     */
    public FoldInRecipe foldInRecipe() {
        AlsConfig als = alsConfig(false);
        FoldInRecipe.RatingSolve rating = sgd()
                ? new FoldInRecipe.RatingSolve(sgdConfig(false).lambda(), als.biasLambda(), als.weightedLambda(), true)
                : FoldInRecipe.RatingSolve.of(als);
        return new FoldInRecipe(rating,
                p.ranking().enabled() ? FoldInRecipe.RankingSolve.of(implicitConfig(false)) : null);
    }

    private boolean sgd() {
        return p.algorithm().equals("sgd");
    }

    private int ratingIterations() {
        return sgd() ? sgdConfig(false).epochs() : alsConfig(false).iterations();
    }

    private Trainer rating(boolean refit) {
        return sgd() ? new SgdTrainer(sgdConfig(refit)) : new AlsTrainer(alsConfig(refit));
    }

    private AlsConfig alsConfig(boolean refit) {
        AlsConfig d = AlsConfig.DEFAULTS;
        int iterations = refit ? p.refitIterations() : or(p.iterations(), d.iterations());
        return new AlsConfig(or(p.rank(), d.rank()), or(p.lambda(), d.lambda()), d.biasLambda(),
                Math.max(1, iterations), true, d.weightedLambda(), p.effectiveThreads(), p.seed(), d.initStd());
    }

    private SgdConfig sgdConfig(boolean refit) {
        SgdConfig d = SgdConfig.DEFAULTS;
        int epochs = refit ? p.refitIterations() : or(p.iterations(), d.epochs());
        return new SgdConfig(or(p.rank(), d.rank()), or(p.learningRate(), d.learningRate()), d.decay(),
                or(p.lambda(), d.lambda()), d.biasLambda(), Math.max(1, epochs), d.biases(), p.seed(), d.initStd());
    }

    private ImplicitAlsConfig implicitConfig(boolean refit) {
        ImplicitAlsConfig d = ImplicitAlsConfig.DEFAULTS;
        TrainingProperties.Ranking r = p.ranking();
        ImplicitAlsConfig.Confidence form = r.confidence() == null ? d.confidence()
                : ImplicitAlsConfig.Confidence.valueOf(r.confidence().toUpperCase(Locale.ROOT));
        int iterations = refit ? p.refitIterations() : or(r.iterations(), d.iterations());
        return new ImplicitAlsConfig(or(r.rank(), d.rank()), or(r.lambda(), d.lambda()), or(r.alpha(), d.alpha()), form,
                or(r.shift(), d.shift()), Math.max(1, iterations), d.solver(), d.cgSteps(), d.popularityWeight(),
                p.effectiveThreads(), p.seed());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
