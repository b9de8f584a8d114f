package dev.latent.tuning;

import dev.latent.factorization.Algorithm;
import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.BayesianAlsConfig;
import dev.latent.factorization.Settings;
import dev.latent.factorization.SgdConfig;
import dev.latent.factorization.Trainer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration of the rating model: what the search samples, chooses and reports, and what a run
 * trains. Fields that an algorithm does not use are 0.
 *
 * @param algorithm    ALS, SGD or Bayesian ALS
 * @param rank         factors (Bayesian ALS: per sample; the trained model has rank × samples)
 * @param lambda       ridge on factors (ALS: × the row's ratings; SGD: per update); unused by Bayesian ALS,
 *                     which samples its precisions
 * @param biasLambda   ridge on biases (ALS, SGD)
 * @param iterations   ALS sweeps, SGD epochs, Bayesian ALS samples kept: the resource successive halving
 *                     spends in fractions
 * @param learningRate SGD step size of the first epoch (decay {@link #SGD_DECAY} per epoch)
 * @param burnIn       Bayesian ALS sweeps discarded before the kept samples
 */
public record RatingParams(Algorithm algorithm, int rank, double lambda, double biasLambda, int iterations,
                           double learningRate, int burnIn) {

    /** SGD learning-rate factor per epoch (the engine default). */
    public static final double SGD_DECAY = 0.96;
    /** Standard deviation of the random initial factors of every trainer (the engine default). */
    static final double INIT_STD = 0.1;

    public RatingParams {
        if (algorithm == null || algorithm.ranking() || rank < 1 || iterations < 1 || !(lambda >= 0) || !(biasLambda >= 0) || burnIn < 0
                || (algorithm == Algorithm.SGD && !(learningRate > 0))) {
            throw new IllegalArgumentException("invalid rating-model configuration " + algorithm + " rank " + rank
                    + " lambda " + lambda + " iterations " + iterations + " learning rate " + learningRate);
        }
    }

    public static RatingParams als(int rank, double lambda, double biasLambda, int iterations) {
        return new RatingParams(Algorithm.ALS, rank, lambda, biasLambda, iterations, 0, 0);
    }

    public static RatingParams sgd(int rank, double lambda, double biasLambda, int epochs, double learningRate) {
        return new RatingParams(Algorithm.SGD, rank, lambda, biasLambda, epochs, learningRate, 0);
    }

    public static RatingParams bayesAls(int rank, int burnIn, int samples) {
        return new RatingParams(Algorithm.BAYES_ALS, rank, 0, 0, samples, 0, burnIn);
    }

    public RatingParams withIterations(int n) {
        return new RatingParams(algorithm, rank, lambda, biasLambda, n, learningRate, burnIn);
    }

    /**
     * The configuration as the registry's settings (the command line's names): every config is built one way,
     * by {@link Algorithm#config}, from these.
     */
    public Settings settings(int threads, long seed) {
        Map<String, Object> m = new HashMap<>();
        m.put("rank", rank);
        m.put("lambda", lambda);
        m.put("bias-lambda", biasLambda);
        m.put("iterations", iterations);
        m.put("lr", learningRate > 0 ? learningRate : null);
        m.put("decay", SGD_DECAY);
        m.put("burn-in", burnIn);
        m.put("samples", iterations);
        m.put("threads", threads);
        m.put("seed", seed);
        m.put("init-std", INIT_STD);
        return Settings.of(m);
    }

    /** The engine config of this configuration ({@link AlsConfig}, {@link SgdConfig} or {@link BayesianAlsConfig}). */
    public Record config(int threads, long seed) {
        return algorithm.config(settings(threads, seed));
    }

    /** The trainer of this configuration from a seeded random start. */
    public Trainer trainer(int threads, long seed) {
        return algorithm.trainer(config(threads, seed));
    }

    /**
     * The configuration an engine config describes (the reverse of {@link #config}; what the engine does not
     * search, such as biases or the solver, is not kept).
     */
    public static RatingParams of(Record config) {
        if (config instanceof AlsConfig c) {
            return als(c.rank(), c.lambda(), c.biasLambda(), c.iterations());
        }
        if (config instanceof SgdConfig c) {
            return sgd(c.rank(), c.lambda(), c.biasLambda(), c.epochs(), c.learningRate());
        }
        if (config instanceof BayesianAlsConfig c) {
            return bayesAls(c.rank(), c.burnIn(), c.samples());
        }
        throw new IllegalArgumentException("not a rating-model config: " + config);
    }

    /**
     * Whether a model trained with {@code n} iterations can be continued to more by warm-starting the same
     * trainer: true for ALS (a sweep depends only on the factors) and SGD (with the decayed learning rate, see
     * {@link #continuation}); false for Bayesian ALS, whose averaged model is not a chain state.
     */
    public boolean resumable() {
        return algorithm != Algorithm.BAYES_ALS;
    }

    /**
     * The trainer that continues a model trained for {@code done} iterations by {@code more}: ALS exactly;
     * SGD with the learning rate it had reached (η·decay^done), the visiting order drawn afresh.
     */
    public Trainer continuation(int done, int more, int threads, long seed) {
        if (!resumable()) {
            throw new IllegalStateException(algorithm.wire() + " cannot be continued");
        }
        if (algorithm == Algorithm.ALS) {
            return withIterations(more).trainer(threads, seed);
        }
        double lr = learningRate * Math.pow(SGD_DECAY, done);
        return sgd(rank, lambda, biasLambda, more, lr).trainer(threads, seed + done);
    }

    /** As shown in run progress and {@code GET /model}; {@link #fromMap} reads it back. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", algorithm.wire());
        m.put("rank", rank);
        switch (algorithm) {
            case ALS -> {
                m.put("lambda", round(lambda));
                m.put("biasLambda", round(biasLambda));
                m.put("iterations", iterations);
            }
            case SGD -> {
                m.put("lambda", round(lambda));
                m.put("biasLambda", round(biasLambda));
                m.put("epochs", iterations);
                m.put("learningRate", round(learningRate));
                m.put("decay", SGD_DECAY);
            }
            case BAYES_ALS -> {
                m.put("burnIn", burnIn);
                m.put("samples", iterations);
            }
            default -> throw new IllegalStateException(algorithm.wire());
        }
        return m;
    }

    /** Reads {@link #asMap}'s form. @throws IllegalArgumentException when a field is missing or invalid */
    public static RatingParams fromMap(Map<String, ?> m) {
        Algorithm a = Algorithm.rating(String.valueOf(m.get("algorithm")));
        int rank = integer(m, "rank");
        return switch (a) {
            case ALS -> als(rank, number(m, "lambda"), number(m, "biasLambda"), integer(m, "iterations"));
            case SGD -> sgd(rank, number(m, "lambda"), number(m, "biasLambda"), integer(m, "epochs"),
                    number(m, "learningRate"));
            case BAYES_ALS -> bayesAls(rank, integer(m, "burnIn"), integer(m, "samples"));
            default -> throw new IllegalStateException(a.wire());
        };
    }

    static double round(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", v));
    }

    static double number(Map<String, ?> m, String key) {
        if (m.get(key) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("configuration field '" + key + "' is missing or not a number");
    }

    static int integer(Map<String, ?> m, String key) {
        return (int) Math.round(number(m, key));
    }
}
