package dev.latent.factorization;

/**
 * Settings of {@link AlsTrainer}. Serializable, so a distributed trainer (the Spark job) can ship them to the
 * workers that solve the rows.
 *
 * @param rank           k, the number of latent factors (≥ 1)
 * @param lambda         ridge on the factors of a row; with {@code weightedLambda} it is multiplied by the row's
 *                       number of ratings (Zhou et al. 2008, "ALS-WR")
 * @param biasLambda     ridge on the bias of a row, scaled the same way
 * @param iterations     number of alternations (user pass + item pass)
 * @param biases         learn μ + b_u + b_i as well; without them the model is p_u · q_i alone
 * @param weightedLambda scale both ridges by each row's count
 * @param threads        worker threads of the row passes (the result depends on the seed only, not on this)
 * @param seed           seed of the random initial item factors
 * @param initStd        standard deviation of the initial item factors
 */
public record AlsConfig(int rank, double lambda, double biasLambda, int iterations, boolean biases,
                        boolean weightedLambda, int threads, long seed, double initStd)
        implements java.io.Serializable {

    /** Defaults tuned on ML-100K (five folds) and ml-latest-small; see README "Engine and evaluation". */
    public static final AlsConfig DEFAULTS =
            new AlsConfig(64, 0.12, 0.02, 20, true, true, Runtime.getRuntime().availableProcessors(), 42L, 0.1);

    public AlsConfig {
        if (rank < 1 || iterations < 0 || threads < 1 || !(lambda >= 0) || !(biasLambda >= 0) || !(initStd >= 0)) {
            throw new IllegalArgumentException("invalid ALS config: rank " + rank + ", lambda " + lambda
                    + ", biasLambda " + biasLambda + ", iterations " + iterations + ", threads " + threads);
        }
    }

    /**
     * The config these settings give over {@link #DEFAULTS}: {@code rank}, {@code lambda}, {@code bias-lambda},
     * {@code iterations}, {@code no-biases}, {@code unweighted}, {@code threads}, {@code seed}, {@code init-std}.
     */
    public static AlsConfig from(Settings s) {
        AlsConfig d = DEFAULTS;
        return new AlsConfig(s.integer("rank", d.rank()), s.number("lambda", d.lambda()),
                s.number("bias-lambda", d.biasLambda()), s.integer("iterations", d.iterations()),
                !s.flag("no-biases"), !s.flag("unweighted"), s.integer("threads", d.threads()),
                s.longValue("seed", d.seed()), s.number("init-std", d.initStd()));
    }

    public AlsConfig withRank(int r) {
        return new AlsConfig(r, lambda, biasLambda, iterations, biases, weightedLambda, threads, seed, initStd);
    }

    public AlsConfig withLambda(double l, double lb) {
        return new AlsConfig(rank, l, lb, iterations, biases, weightedLambda, threads, seed, initStd);
    }

    public AlsConfig withIterations(int it) {
        return new AlsConfig(rank, lambda, biasLambda, it, biases, weightedLambda, threads, seed, initStd);
    }

    public AlsConfig withThreads(int t) {
        return new AlsConfig(rank, lambda, biasLambda, iterations, biases, weightedLambda, t, seed, initStd);
    }

    public AlsConfig withSeed(long s) {
        return new AlsConfig(rank, lambda, biasLambda, iterations, biases, weightedLambda, threads, s, initStd);
    }

    public AlsConfig withBiases(boolean b) {
        return new AlsConfig(rank, lambda, biasLambda, iterations, b, weightedLambda, threads, seed, initStd);
    }
}
