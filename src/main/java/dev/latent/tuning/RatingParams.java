package dev.latent.tuning;

import dev.latent.factorization.AlsConfig;
import dev.latent.factorization.AlsTrainer;
import dev.latent.factorization.BayesianAlsConfig;
import dev.latent.factorization.BayesianAlsTrainer;
import dev.latent.factorization.SgdConfig;
import dev.latent.factorization.SgdTrainer;
import dev.latent.factorization.Trainer;
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
public record RatingParams(RatingAlgorithm algorithm, int rank, double lambda, double biasLambda, int iterations,
                           double learningRate, int burnIn) {

    /** SGD learning-rate factor per epoch (the engine default). */
    public static final double SGD_DECAY = 0.96;
    /** Standard deviation of the random initial factors of every trainer (the engine default). */
    static final double INIT_STD = 0.1;

    public RatingParams {
        if (algorithm == null || rank < 1 || iterations < 1 || !(lambda >= 0) || !(biasLambda >= 0) || burnIn < 0
                || (algorithm == RatingAlgorithm.SGD && !(learningRate > 0))) {
            throw new IllegalArgumentException("invalid rating-model configuration " + algorithm + " rank " + rank
                    + " lambda " + lambda + " iterations " + iterations + " learning rate " + learningRate);
        }
    }

    public static RatingParams als(int rank, double lambda, double biasLambda, int iterations) {
        return new RatingParams(RatingAlgorithm.ALS, rank, lambda, biasLambda, iterations, 0, 0);
    }

    public static RatingParams sgd(int rank, double lambda, double biasLambda, int epochs, double learningRate) {
        return new RatingParams(RatingAlgorithm.SGD, rank, lambda, biasLambda, epochs, learningRate, 0);
    }

    public static RatingParams bayesAls(int rank, int burnIn, int samples) {
        return new RatingParams(RatingAlgorithm.BAYES_ALS, rank, 0, 0, samples, 0, burnIn);
    }

    public RatingParams withIterations(int n) {
        return new RatingParams(algorithm, rank, lambda, biasLambda, n, learningRate, burnIn);
    }

    /** The trainer of this configuration from a seeded random start. */
    public Trainer trainer(int threads, long seed) {
        return switch (algorithm) {
            case ALS -> new AlsTrainer(alsConfig(threads, seed));
            case SGD -> new SgdTrainer(sgdConfig(seed));
            case BAYES_ALS -> new BayesianAlsTrainer(
                    new BayesianAlsConfig(rank, burnIn, iterations, true, threads, seed, INIT_STD));
        };
    }

    public AlsConfig alsConfig(int threads, long seed) {
        return new AlsConfig(rank, lambda, biasLambda, iterations, true, true, threads, seed, INIT_STD);
    }

    public SgdConfig sgdConfig(long seed) {
        return new SgdConfig(rank, learningRate, SGD_DECAY, lambda, biasLambda, iterations, true, seed, INIT_STD);
    }

    /**
     * Whether a model trained with {@code n} iterations can be continued to more by warm-starting the same
     * trainer: true for ALS (a sweep depends only on the factors) and SGD (with the decayed learning rate, see
     * {@link #continuation}); false for Bayesian ALS, whose averaged model is not a chain state.
     */
    public boolean resumable() {
        return algorithm != RatingAlgorithm.BAYES_ALS;
    }

    /**
     * The trainer that continues a model trained for {@code done} iterations by {@code more}: ALS exactly;
     * SGD with the learning rate it had reached (η·decay^done), the visiting order drawn afresh.
     */
    public Trainer continuation(int done, int more, int threads, long seed) {
        if (!resumable()) {
            throw new IllegalStateException(algorithm.id() + " cannot be continued");
        }
        if (algorithm == RatingAlgorithm.ALS) {
            return new AlsTrainer(alsConfig(threads, seed).withIterations(more));
        }
        double lr = learningRate * Math.pow(SGD_DECAY, done);
        return new SgdTrainer(new SgdConfig(rank, lr, SGD_DECAY, lambda, biasLambda, more, true, seed + done,
                INIT_STD));
    }

    /** The rank of the model this trains: rank, or rank × samples for Bayesian ALS. */
    public int modelRank() {
        return algorithm == RatingAlgorithm.BAYES_ALS ? rank * iterations : rank;
    }

    /** As shown in run progress and {@code GET /model}; {@link #fromMap} reads it back. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", algorithm.id());
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
        }
        return m;
    }

    /** Reads {@link #asMap}'s form. @throws IllegalArgumentException when a field is missing or invalid */
    public static RatingParams fromMap(Map<String, ?> m) {
        RatingAlgorithm a = RatingAlgorithm.of(String.valueOf(m.get("algorithm")));
        int rank = integer(m, "rank");
        return switch (a) {
            case ALS -> als(rank, number(m, "lambda"), number(m, "biasLambda"), integer(m, "iterations"));
            case SGD -> sgd(rank, number(m, "lambda"), number(m, "biasLambda"), integer(m, "epochs"),
                    number(m, "learningRate"));
            case BAYES_ALS -> bayesAls(rank, integer(m, "burnIn"), integer(m, "samples"));
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
