package dev.latent.factorization;

/**
 * Settings of {@link ImplicitAlsTrainer}: weighted matrix factorization of the pattern of who rated what
 * (Hu, Koren and Volinsky 2008), with confidence growing with the rating.
 *
 * <p>Every observed cell (u, i) has preference 1 and confidence c_ui = 1 + α·f(r_ui); every unobserved cell
 * has preference 0 and confidence 1. The trainer minimises
 * <pre>  Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)</pre>
 * touching observed cells only (the unobserved part is carried by the k × k Gram matrix YᵀY).
 *
 * @param rank        number of latent factors k (≥ 1)
 * @param lambda      L2 regularisation λ (≥ 0; the solve adds λI, so λ > 0 keeps it positive definite)
 * @param alpha       confidence scale α (≥ 0)
 * @param confidence  the form of f
 * @param shift       the shift of {@link Confidence#SHIFTED} and the ε of {@link Confidence#LOG}
 * @param iterations  full sweeps (items then users) (≥ 1)
 * @param solver      how each row's k × k system is solved
 * @param cgSteps     conjugate-gradient steps per row and sweep, warm-started from the previous sweep
 * @param popularityWeight β of the optional ranking blend score = x_u·y_i + β·log(1 + n_i), stored as the
 *                    model's item bias (0 = pure factor model)
 * @param threads     worker threads (≥ 1); results do not depend on it
 * @param seed        seed of the random initial user factors
 */
public record ImplicitAlsConfig(int rank, double lambda, double alpha, Confidence confidence, double shift,
                                int iterations, Solver solver, int cgSteps, double popularityWeight,
                                int threads, long seed) implements java.io.Serializable { // shipped to Spark workers

    /** The function f in c = 1 + α·f(r). */
    public enum Confidence {
        /** f(r) = r. */
        LINEAR,
        /** f(r) = max(0, r − shift): ratings at or below the shift count as barely confident. */
        SHIFTED,
        /** f(r) = log(1 + r / ε), ε = shift. */
        LOG,
        /** f(r) = 1: the pattern alone, the rating ignored (c = 1 + α). */
        BINARY;

        /** f(r) for the given shift (or ε). */
        public double f(double r, double shift) {
            switch (this) {
                case LINEAR:
                    return r;
                case SHIFTED:
                    return Math.max(0, r - shift);
                case LOG:
                    return Math.log1p(r / shift);
                default:
                    return 1;
            }
        }
    }

    /** Row solver. */
    public enum Solver {
        /** Exact: accumulate YᵀY + λI + Σ (c − 1) y yᵀ, Cholesky factor and solve; O(n_u k² + k³) per row. */
        CHOLESKY,
        /** {@code cgSteps} conjugate-gradient steps on the same system without forming it; O(steps (k² + n_u k)). */
        CONJUGATE_GRADIENT
    }

    /**
     * Defaults tuned on ML-100K (five folds) and ml-latest-small (90/10, seed 42), see docs/ranking-model.md:
     * rank 64, λ 30, c = 1 + 3·max(0, r − 3), 15 sweeps, 3 conjugate-gradient steps, no popularity blend, all
     * cores, seed 42.
     */
    public static final ImplicitAlsConfig DEFAULTS = new ImplicitAlsConfig(64, 30.0, 3.0, Confidence.SHIFTED, 3.0,
            15, Solver.CONJUGATE_GRADIENT, 3, 0.0, Runtime.getRuntime().availableProcessors(), 42L);

    /**
     * The config these settings give over {@link #DEFAULTS}: {@code ranking-rank}, {@code ranking-lambda},
     * {@code alpha}, {@code confidence}, {@code shift}, {@code ranking-iterations}, {@code solver},
     * {@code cg-steps}, {@code popularity-weight}, {@code threads}, {@code seed}.
     */
    public static ImplicitAlsConfig from(Settings s) {
        ImplicitAlsConfig d = DEFAULTS;
        return new ImplicitAlsConfig(s.integer("ranking-rank", d.rank()), s.number("ranking-lambda", d.lambda()),
                s.number("alpha", d.alpha()), s.choice("confidence", Confidence.class, d.confidence()),
                s.number("shift", d.shift()), s.integer("ranking-iterations", d.iterations()),
                s.choice("solver", Solver.class, d.solver()), s.integer("cg-steps", d.cgSteps()),
                s.number("popularity-weight", d.popularityWeight()), s.integer("threads", d.threads()),
                s.longValue("seed", d.seed()));
    }

    public ImplicitAlsConfig {
        if (rank < 1 || !(lambda >= 0) || !(alpha >= 0) || confidence == null || iterations < 1 || solver == null
                || cgSteps < 1 || !(popularityWeight >= 0) || threads < 1
                || (confidence == Confidence.LOG && !(shift > 0))) {
            throw new IllegalArgumentException("invalid implicit ALS config: " + this);
        }
    }

    /** c = 1 + α·f(r). */
    public double confidence(float rating) {
        return 1 + alpha * confidence.f(rating, shift);
    }

    public ImplicitAlsConfig withRank(int r) {
        return new ImplicitAlsConfig(r, lambda, alpha, confidence, shift, iterations, solver, cgSteps,
                popularityWeight, threads, seed);
    }

    public ImplicitAlsConfig withLambda(double l) {
        return new ImplicitAlsConfig(rank, l, alpha, confidence, shift, iterations, solver, cgSteps,
                popularityWeight, threads, seed);
    }

    public ImplicitAlsConfig withConfidence(Confidence form, double a, double s) {
        return new ImplicitAlsConfig(rank, lambda, a, form, s, iterations, solver, cgSteps, popularityWeight,
                threads, seed);
    }

    public ImplicitAlsConfig withIterations(int n) {
        return new ImplicitAlsConfig(rank, lambda, alpha, confidence, shift, n, solver, cgSteps, popularityWeight,
                threads, seed);
    }

    public ImplicitAlsConfig withSolver(Solver s, int steps) {
        return new ImplicitAlsConfig(rank, lambda, alpha, confidence, shift, iterations, s, steps, popularityWeight,
                threads, seed);
    }

    public ImplicitAlsConfig withPopularityWeight(double beta) {
        return new ImplicitAlsConfig(rank, lambda, alpha, confidence, shift, iterations, solver, cgSteps, beta,
                threads, seed);
    }

    public ImplicitAlsConfig withThreads(int n) {
        return new ImplicitAlsConfig(rank, lambda, alpha, confidence, shift, iterations, solver, cgSteps,
                popularityWeight, n, seed);
    }

    public ImplicitAlsConfig withSeed(long s) {
        return new ImplicitAlsConfig(rank, lambda, alpha, confidence, shift, iterations, solver, cgSteps,
                popularityWeight, threads, s);
    }
}
