package dev.latent.training;

import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.FactorModel;
import dev.latent.factorization.FoldIn;
import dev.latent.factorization.ImplicitAlsConfig;
import dev.latent.factorization.ImplicitAlsTrainer;
import dev.latent.factorization.ImplicitFoldIn;
import dev.latent.factorization.SgdConfig;
import dev.latent.factorization.SgdTrainer;
import dev.latent.factorization.Trainer;
import dev.latent.ratings.RatingsProperties;
import java.util.LinkedHashMap;
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
        Trainer rankingFit = p.ranking().enabled() ? ranking(p.ranking().iterations()) : null;
        Trainer rankingRefit = p.ranking().enabled() ? ranking(p.refitIterations()) : null;
        return new TrainingPipeline(rating(p.iterations()), rating(p.refitIterations()), rankingFit, rankingRefit,
                p.holdoutFraction(), p.seed(), (float) scale.min(), (float) scale.max(),
                // "Relevant" for NDCG: the top quarter of the scale (4 and above on 0.5–5 or 1–5).
                (float) (scale.min() + 0.75 * (scale.max() - scale.min())));
    }

    /** Iterations of a whole run over all its phases, for progress reporting. */
    public int totalIterations() {
        boolean measure = p.holdoutFraction() > 0;
        int rating = p.iterations() + (measure ? p.refitIterations() : 0);
        int ranking = p.ranking().enabled() ? p.ranking().iterations() + (measure ? p.refitIterations() : 0) : 0;
        return rating + ranking;
    }

    /** The parameters a run trains with, as shown in run history and {@code GET /model}. */
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", p.algorithm());
        m.put("rank", p.rank());
        m.put("lambda", p.lambda());
        m.put("iterations", p.iterations());
        if (p.algorithm().equals("sgd")) {
            m.put("learningRate", p.learningRate());
        }
        m.put("refitIterations", p.refitIterations());
        m.put("holdoutFraction", p.holdoutFraction());
        m.put("seed", p.seed());
        m.put("threads", p.effectiveThreads());
        if (p.ranking().enabled()) {
            m.put("ranking.rank", p.ranking().rank());
            m.put("ranking.lambda", p.ranking().lambda());
            m.put("ranking.alpha", p.ranking().alpha());
            m.put("ranking.iterations", p.ranking().iterations());
        }
        return m;
    }

    /** Fold-in against a rating model trained with these settings. */
    public FoldIn ratingFoldIn(FactorModel model) {
        AlsConfig c = alsConfig(p.iterations());
        return new FoldIn(model, c.withRank(model.rank()));
    }

    /** Fold-in against a ranking model trained with these settings. */
    public ImplicitFoldIn rankingFoldIn(FactorModel model) {
        return new ImplicitFoldIn(model, implicitConfig(p.ranking().iterations()).withRank(model.rank()));
    }

    private Trainer rating(int iterations) {
        if (p.algorithm().equals("sgd")) {
            SgdConfig d = SgdConfig.DEFAULTS;
            return new SgdTrainer(new SgdConfig(p.rank(), p.learningRate(), d.decay(), p.lambda(), d.biasLambda(),
                    Math.max(1, iterations), d.biases(), p.seed(), d.initStd()));
        }
        return new AlsTrainer(alsConfig(iterations));
    }

    private AlsConfig alsConfig(int iterations) {
        AlsConfig d = AlsConfig.DEFAULTS;
        return new AlsConfig(p.rank(), p.lambda(), d.biasLambda(), Math.max(1, iterations), true, d.weightedLambda(),
                p.effectiveThreads(), p.seed(), d.initStd());
    }

    private ImplicitAlsConfig implicitConfig(int iterations) {
        ImplicitAlsConfig d = ImplicitAlsConfig.defaults();
        return new ImplicitAlsConfig(p.ranking().rank(), p.ranking().lambda(), p.ranking().alpha(), d.confidence(),
                d.shift(), Math.max(1, iterations), d.solver(), d.cgSteps(), d.popularityWeight(), p.effectiveThreads(),
                p.seed());
    }

    private Trainer ranking(int iterations) {
        return new ImplicitAlsTrainer(implicitConfig(iterations));
    }
}
