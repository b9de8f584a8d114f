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
 * @param solver         how each row's least-squares problem is solved
 * @param cgSteps        conjugate-gradient steps per row and sweep with {@link Solver#CONJUGATE_GRADIENT} (≥ 1)
 */
public record AlsConfig(int rank, double lambda, double biasLambda, int iterations, boolean biases,
                        boolean weightedLambda, int threads, long seed, double initStd, Solver solver, int cgSteps)
        implements java.io.Serializable {

    /** Row solver of a sweep. */
    public enum Solver {
        /** Form the (k+1)² normal equations and solve them by Cholesky: exact, nk(k+1) + (k+1)³/3 flops a row. */
        EXACT,
        /**
         * {@code cgSteps} steps of Jacobi-preconditioned conjugate gradient on the same system, started from
         * the row's value of the previous sweep, without forming it ({@link RatingRowSolver}): about
         * 4nk(cgSteps + 1) flops a row.
         */
        CONJUGATE_GRADIENT
    }

    /** The default row solver and its steps: chosen by measurement, see docs/benchmarks.md "ALS solver". */
    public static final Solver DEFAULT_SOLVER = Solver.CONJUGATE_GRADIENT;
    public static final int DEFAULT_CG_STEPS = 3;

    /** Defaults tuned on ML-100K (five folds) and ml-latest-small; see README "Engine and evaluation". */
    public static final AlsConfig DEFAULTS = new AlsConfig(64, 0.12, 0.02, 20, true, true,
            Runtime.getRuntime().availableProcessors(), 42L, 0.1, DEFAULT_SOLVER, DEFAULT_CG_STEPS);

    public AlsConfig {
        if (rank < 1 || iterations < 0 || threads < 1 || !(lambda >= 0) || !(biasLambda >= 0) || !(initStd >= 0)
                || solver == null || cgSteps < 1) {
            throw new IllegalArgumentException("invalid ALS config: rank " + rank + ", lambda " + lambda
                    + ", biasLambda " + biasLambda + ", iterations " + iterations + ", threads " + threads
                    + ", solver " + solver + ", cgSteps " + cgSteps);
        }
    }

    /** The settings with the default row solver ({@link #DEFAULT_SOLVER}, {@link #DEFAULT_CG_STEPS}). */
    public AlsConfig(int rank, double lambda, double biasLambda, int iterations, boolean biases,
                     boolean weightedLambda, int threads, long seed, double initStd) {
        this(rank, lambda, biasLambda, iterations, biases, weightedLambda, threads, seed, initStd, DEFAULT_SOLVER,
                DEFAULT_CG_STEPS);
    }

    /**
     * The config these settings give over {@link #DEFAULTS}: {@code rank}, {@code lambda}, {@code bias-lambda},
     * {@code iterations}, {@code no-biases}, {@code unweighted}, {@code threads}, {@code seed}, {@code init-std},
     * {@code als-solver} ({@code exact} or {@code conjugate_gradient}) and {@code als-cg-steps}.
     */
    public static AlsConfig from(Settings s) {
        AlsConfig d = DEFAULTS;
        return new AlsConfig(s.integer("rank", d.rank()), s.number("lambda", d.lambda()),
                s.number("bias-lambda", d.biasLambda()), s.integer("iterations", d.iterations()),
                !s.flag("no-biases"), !s.flag("unweighted"), s.integer("threads", d.threads()),
                s.longValue("seed", d.seed()), s.number("init-std", d.initStd()),
                s.choice("als-solver", Solver.class, d.solver()), s.integer("als-cg-steps", d.cgSteps()));
    }

    public AlsConfig withRank(int r) {
        return new AlsConfig(r, lambda, biasLambda, iterations, biases, weightedLambda, threads, seed, initStd,
                solver, cgSteps);
    }

    public AlsConfig withLambda(double l, double lb) {
        return new AlsConfig(rank, l, lb, iterations, biases, weightedLambda, threads, seed, initStd, solver,
                cgSteps);
    }

    public AlsConfig withIterations(int it) {
        return new AlsConfig(rank, lambda, biasLambda, it, biases, weightedLambda, threads, seed, initStd, solver,
                cgSteps);
    }

    public AlsConfig withThreads(int t) {
        return new AlsConfig(rank, lambda, biasLambda, iterations, biases, weightedLambda, t, seed, initStd, solver,
                cgSteps);
    }

    public AlsConfig withSeed(long s) {
        return new AlsConfig(rank, lambda, biasLambda, iterations, biases, weightedLambda, threads, s, initStd,
                solver, cgSteps);
    }

    public AlsConfig withBiases(boolean b) {
        return new AlsConfig(rank, lambda, biasLambda, iterations, b, weightedLambda, threads, seed, initStd, solver,
                cgSteps);
    }

    /** The same settings with another row solver ({@code steps} is used by the conjugate-gradient one only). */
    public AlsConfig withSolver(Solver s, int steps) {
        return new AlsConfig(rank, lambda, biasLambda, iterations, biases, weightedLambda, threads, seed, initStd, s,
                steps);
    }
}
