package dev.latent.factorization;

/**
 * Settings of {@link BayesianAlsTrainer}.
 *
 * @param rank    k, factors per sample; the returned model has rank k · samples
 * @param burnIn  Gibbs sweeps discarded before collecting
 * @param samples sweeps collected after the burn-in and averaged
 * @param biases  sample b_u and b_i as well
 * @param threads worker threads of the row passes (the result depends on the seed only, not on this)
 * @param seed    seed of the start and of every draw
 * @param initStd standard deviation of the initial item factors
 */
public record BayesianAlsConfig(int rank, int burnIn, int samples, boolean biases, int threads, long seed,
                                double initStd) {

    /** Defaults tuned on the ML-100K folds; see README "Engine and evaluation". */
    public static final BayesianAlsConfig DEFAULTS =
            new BayesianAlsConfig(8, 20, 200, true, Runtime.getRuntime().availableProcessors(), 42L, 0.1);

    /**
     * The config these settings give over {@link #DEFAULTS}: {@code rank}, {@code burn-in}, {@code samples},
     * {@code no-biases}, {@code threads}, {@code seed}, {@code init-std}.
     */
    public static BayesianAlsConfig from(Settings s) {
        BayesianAlsConfig d = DEFAULTS;
        return new BayesianAlsConfig(s.integer("rank", d.rank()), s.integer("burn-in", d.burnIn()),
                s.integer("samples", d.samples()), !s.flag("no-biases"), s.integer("threads", d.threads()),
                s.longValue("seed", d.seed()), s.number("init-std", d.initStd()));
    }

    public BayesianAlsConfig {
        if (rank < 1 || burnIn < 0 || samples < 1 || threads < 1 || !(initStd >= 0)) {
            throw new IllegalArgumentException("invalid Bayesian ALS config: rank " + rank + ", burn-in " + burnIn
                    + ", samples " + samples + ", threads " + threads);
        }
    }
}
