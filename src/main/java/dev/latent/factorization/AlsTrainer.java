package dev.latent.factorization;

import java.util.Random;

/**
 * Alternating least squares with biases and weighted-λ regularisation over observed cells only. Each pass
 * fixes one side and solves every row of the other side exactly: for user u with rated items I_u,
 * <pre>  [p_u; b_u] = argmin Σ_{i∈I_u} (r_ui − μ − b_i − p_u·q_i − b_u)² + λ n_u |p_u|² + λ_b n_u b_u²</pre>
 * (n_u = |I_u| with weighted λ, else 1), i.e. the normal equations of {@link NormalEquations} with an
 * intercept, solved by Cholesky; items symmetrically. μ is the training mean.
 *
 * <p>With {@link AlsConfig.Solver#CONJUGATE_GRADIENT} each row is instead improved by a few
 * conjugate-gradient steps on the same system from its previous value ({@link RatingRowSolver}): inexact per
 * sweep, but the sweeps converge to the same fixed point at a fraction of the cost (see docs/benchmarks.md
 * "ALS solver").
 *
 * <p>Rows are solved in parallel on {@link AlsConfig#threads()} threads, one reused workspace per thread.
 * Every row solve depends only on the fixed side, and the loss is summed per fixed block in block order, so
 * the result is identical for a given seed whatever the number of threads.
 *
 * <p>Cost per iteration, exact: 2·nnz·k(k+1) flops of Gram accumulation plus (numUsers + numItems)·(k+1)³/3 of
 * Cholesky; memory beyond the model: one (k+1)² workspace and one buffer of the longest row per thread.
 * Conjugate gradient: about 2·nnz·4k·(cgSteps + 1) flops; memory: two chunks of 512 vectors and three floats per
 * cell of the longest row, per thread.
 */
public final class AlsTrainer implements Trainer {

    private final AlsConfig config;

    public AlsTrainer(AlsConfig config) {
        this.config = config;
    }

    public AlsConfig config() {
        return config;
    }

    @Override
    public FactorModel train(RatingMatrix m, FactorModel warmStart, TrainingListener listener) {
        long start = System.nanoTime();
        int k = config.rank();
        int nu = m.numUsers();
        int ni = m.numItems();
        StartFactors init = StartFactors.gaussian(m, k, config.biases(), new Random(config.seed()), config.initStd(),
                false, warmStart);
        float mu = init.mu();
        float[] p = init.p();
        float[] q = init.q();
        float[] bu = init.bu();
        float[] bi = init.bi();
        int maxRow = 0;
        for (int u = 0; u < nu; u++) {
            maxRow = Math.max(maxRow, m.userCount(u));
        }
        for (int i = 0; i < ni; i++) {
            maxRow = Math.max(maxRow, m.itemCount(i));
        }
        int threads = config.threads();
        Workspace[] ws = new Workspace[threads];
        for (int t = 0; t < threads; t++) {
            ws[t] = config.solver() == AlsConfig.Solver.EXACT
                    ? new Workspace(new NormalEquations(k, config.biases()), new float[maxRow], null, null)
                    : new Workspace(null, null, new RatingRowSolver(k, config.biases()), new double[1]);
        }
        try (RowPasses passes = new RowPasses(threads, "als-worker")) {
            for (int it = 1; it <= config.iterations(); it++) {
                passes.run(nu, (w, from, to) -> solveRows(config, ws[w], from, to, m.userPtr(), m.userItems(),
                        m.userRatings(), q, bi, mu, p, bu, false));
                double[] sse = passes.run(ni, (w, from, to) -> solveRows(config, ws[w], from, to, m.itemPtr(),
                        m.itemUsers(), m.itemRatings(), p, bu, mu, q, bi, true));
                double total = 0;
                for (double s : sse) {
                    total += s;
                }
                double rmse = m.size() == 0 ? 0 : Math.sqrt(total / m.size());
                if (!listener.onIteration(it, rmse, System.nanoTime() - start)) {
                    break;
                }
            }
        }
        return new FactorModel(k, nu, ni, mu, bu, bi, p, q);
    }

    /** One thread's scratch: {@code ne} and {@code y} for the exact solve, or {@code cg} and {@code sse}. */
    private record Workspace(NormalEquations ne, float[] y, RatingRowSolver cg, double[] sse) {
    }

    /**
     * Solves rows {@code [from, to)} of one side ({@code out}, {@code outBias}) against the fixed side
     * ({@code fixed}, {@code fixedBias}) exactly as a pass of {@link #train} does, for a trainer that
     * distributes the rows in blocks (the Spark job) and gathers the fixed rows a block needs: {@code idx}
     * indexes {@code fixed}. With {@code sse}, returns the squared training error of those rows after their
     * solve. One workspace per call, sized to the longest row. This is always the exact solve, whatever
     * {@link AlsConfig#solver()} says: it needs no previous value of the rows, and the Spark job hands in fresh
     * {@code out} arrays (the conjugate-gradient path starts from the values in {@code out}).
     */
    public static double solveRows(AlsConfig config, int from, int to, int[] ptr, int[] idx, float[] r,
                                   float[] fixed, float[] fixedBias, float mu, float[] out, float[] outBias,
                                   boolean sse) {
        int longest = 0;
        for (int row = from; row < to; row++) {
            longest = Math.max(longest, ptr[row + 1] - ptr[row]);
        }
        Workspace w = new Workspace(new NormalEquations(config.rank(), config.biases()), new float[longest], null,
                null);
        return solveRows(config, w, from, to, ptr, idx, r, fixed, fixedBias, mu, out, outBias, sse);
    }

    private static double solveRows(AlsConfig config, Workspace w, int from, int to, int[] ptr, int[] idx,
                                    float[] r, float[] fixed, float[] fixedBias, float mu, float[] out,
                                    float[] outBias, boolean sse) {
        int k = config.rank();
        boolean biases = config.biases();
        double blockSse = 0;
        for (int row = from; row < to; row++) {
            int a = ptr[row];
            int b = ptr[row + 1];
            if (w.cg != null) { // conjugate gradient from the row's previous value; the solver sums the error
                double scale = config.weightedLambda() ? b - a : 1.0;
                double bias = w.cg.solve(fixed, fixedBias, mu, idx, r, a, b, config.lambda() * scale,
                        config.biasLambda() * scale, out, row * k, biases ? outBias[row] : 0f, config.cgSteps(),
                        sse ? w.sse : null);
                if (biases) {
                    outBias[row] = (float) bias;
                }
                blockSse += sse ? w.sse[0] : 0;
                continue;
            }
            double bias = solveRow(w.ne, w.y, fixed, fixedBias, mu, idx, r, a, b, config.lambda(),
                    config.biasLambda(), config.weightedLambda(), out, row * k);
            if (biases && !Double.isNaN(bias)) {
                outBias[row] = (float) bias;
            }
            if (sse) {
                blockSse += rowSse(out, row, k, mu, biases ? outBias[row] : 0f, biases ? fixedBias : null,
                        fixed, idx, r, a, b);
            }
        }
        return blockSse;
    }

    /**
     * Squared error over the ratings {@code [a, b)} of one row just solved (factors at {@code out[row·k..]},
     * bias {@code rowBias}) against the fixed side; {@code fixedBias} null when the model has no biases.
     */
    static double rowSse(float[] out, int row, int k, float mu, float rowBias, float[] fixedBias, float[] fixed,
                         int[] idx, float[] r, int a, int b) {
        float base = mu + rowBias;
        double sse = 0;
        for (int e = a; e < b; e++) {
            int o = idx[e];
            float pred = base + (fixedBias != null ? fixedBias[o] : 0f) + FactorModel.dot(out, row * k, fixed, o * k, k);
            double d = r[e] - pred;
            sse += d * d;
        }
        return sse;
    }

    /**
     * The row solve shared by training and {@link FoldIn}: given the fixed side's factors and biases, solves
     * the factors (into {@code out[outOffset..+k)}) and, when {@code ne} has an intercept, the bias (returned)
     * of one row with cells {@code idx[from..to)} / {@code r[from..to)}. A row without cells gets zero
     * factors and bias; a row whose system is singular (possible only with λ = 0) keeps its previous factors
     * and NaN is returned.
     *
     * @param y scratch of length ≥ to − from
     */
    static double solveRow(NormalEquations ne, float[] y, float[] fixed, float[] fixedBias, float mu, int[] idx,
                           float[] r, int from, int to, double lambda, double biasLambda, boolean weighted,
                           float[] out, int outOffset) {
        int n = to - from;
        int k = ne.rank();
        if (n == 0) {
            java.util.Arrays.fill(out, outOffset, outOffset + k, 0f);
            return 0.0;
        }
        boolean biases = ne.hasIntercept();
        for (int e = from; e < to; e++) {
            y[e - from] = r[e] - mu - (biases ? fixedBias[idx[e]] : 0f);
        }
        ne.clear();
        ne.addRows(fixed, idx, from, to, null, y);
        double scale = weighted ? n : 1.0;
        ne.regularize(lambda * scale, biasLambda * scale);
        return ne.solve(out, outOffset);
    }
}
