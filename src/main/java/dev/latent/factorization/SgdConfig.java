package dev.latent.factorization;

/**
 * Settings of {@link SgdTrainer}.
 *
 * @param rank         k, the number of latent factors (≥ 1)
 * @param learningRate step size of the first epoch
 * @param decay        the step size is multiplied by this after every epoch (1 = constant)
 * @param lambda       L2 penalty on the factors (per update, as in Funk/Koren)
 * @param biasLambda   L2 penalty on the biases
 * @param epochs       passes over the shuffled training cells
 * @param biases       learn μ + b_u + b_i as well
 * @param seed         seed of the initial factors and of the visiting order
 * @param initStd      standard deviation of the initial factors
 */
public record SgdConfig(int rank, double learningRate, double decay, double lambda, double biasLambda, int epochs,
                        boolean biases, long seed, double initStd) {

    /** Defaults tuned on ML-100K (five folds) and ml-latest-small; see README "Engine and evaluation". */
    public static final SgdConfig DEFAULTS = new SgdConfig(128, 0.01, 0.96, 0.08, 0.02, 100, true, 42L, 0.1);

    public SgdConfig {
        if (rank < 1 || epochs < 0 || !(learningRate > 0) || !(decay > 0) || !(lambda >= 0) || !(biasLambda >= 0)
                || !(initStd >= 0)) {
            throw new IllegalArgumentException("invalid SGD config: rank " + rank + ", lr " + learningRate
                    + ", decay " + decay + ", lambda " + lambda + ", epochs " + epochs);
        }
    }

    /**
     * The config these settings give over {@link #DEFAULTS}: {@code rank}, {@code lr}, {@code decay},
     * {@code lambda}, {@code bias-lambda}, {@code iterations} (epochs), {@code no-biases}, {@code seed},
     * {@code init-std}.
     */
    public static SgdConfig from(Settings s) {
        SgdConfig d = DEFAULTS;
        return new SgdConfig(s.integer("rank", d.rank()), s.number("lr", d.learningRate()),
                s.number("decay", d.decay()), s.number("lambda", d.lambda()), s.number("bias-lambda", d.biasLambda()),
                s.integer("iterations", d.epochs()), !s.flag("no-biases"), s.longValue("seed", d.seed()),
                s.number("init-std", d.initStd()));
    }

    public SgdConfig withRank(int r) {
        return new SgdConfig(r, learningRate, decay, lambda, biasLambda, epochs, biases, seed, initStd);
    }

    public SgdConfig withEpochs(int e) {
        return new SgdConfig(rank, learningRate, decay, lambda, biasLambda, e, biases, seed, initStd);
    }

    public SgdConfig withLambda(double l, double lb) {
        return new SgdConfig(rank, learningRate, decay, l, lb, epochs, biases, seed, initStd);
    }

    public SgdConfig withSeed(long s) {
        return new SgdConfig(rank, learningRate, decay, lambda, biasLambda, epochs, biases, s, initStd);
    }

    public SgdConfig withBiases(boolean b) {
        return new SgdConfig(rank, learningRate, decay, lambda, biasLambda, epochs, b, seed, initStd);
    }
}
