package dev.latent.factorization;

/**
 * Solves one row of implicit ALS against fixed factors of the other side — the one code path shared by
 * training and fold-in. For a row with observed cells j ∈ I (other-side vectors y_j, confidences c_j) it
 * solves
 * <pre>  (YᵀY + λI + Σ_{j∈I} (c_j − 1) y_j y_jᵀ) x = Σ_{j∈I} c_j y_j</pre>
 * where YᵀY (k × k) is computed once per sweep by the caller. The unobserved cells (preference 0,
 * confidence 1) are all carried by YᵀY, so the cost is O(|I| k² + k³) for the exact solve (the engine's
 * {@link NormalEquations}: Gram accumulation, then Cholesky) and O(steps (k² + |I| k)) for conjugate
 * gradient, never O(other side).
 *
 * <p>A solver is a workspace for one thread; it is not thread-safe. Arithmetic is in double, factors are
 * float.
 */
final class ImplicitRowSolver {

    private final int k;
    private final NormalEquations equations;
    private final double[] xs;
    private final double[] r;
    private final double[] p;
    private final double[] ap;
    private float[] gramWeight = new float[64];
    private float[] rhsWeight = new float[64];
    private double[] conf = new double[64];

    ImplicitRowSolver(int k) {
        this.k = k;
        this.equations = new NormalEquations(k, false);
        this.xs = new double[k];
        this.r = new double[k];
        this.p = new double[k];
        this.ap = new double[k];
    }

    /**
     * Exact solve by Cholesky. Cells {@code [from, to)} of {@code idx}/{@code ratings} name the other-side rows
     * (in {@code y}, row-major rank k) and ratings; the result goes to {@code x[xo .. xo+k)}.
     *
     * @param gram YᵀY, full k × k row-major (without λ)
     * @throws ArithmeticException if the system is not positive definite (only possible with λ = 0)
     */
    void solveExact(double[] gram, float[] y, int[] idx, float[] ratings, int from, int to,
                    ImplicitAlsConfig config, float[] x, int xo) {
        int n = to - from;
        if (gramWeight.length < n) {
            gramWeight = new float[Math.max(n, 2 * gramWeight.length)];
            rhsWeight = new float[gramWeight.length];
        }
        for (int j = 0; j < n; j++) {
            double c = config.confidence(ratings[from + j]);
            gramWeight[j] = (float) (c - 1);
            rhsWeight[j] = (float) c;
        }
        equations.clear(gram);
        equations.addRows(y, idx, from, to, gramWeight, rhsWeight);
        equations.regularize(config.lambda(), 0);
        if (Double.isNaN(equations.solve(x, xo))) {
            throw new ArithmeticException("implicit ALS row system is not positive definite (λ = "
                    + config.lambda() + ")");
        }
    }

    /** The Cholesky factor of the row system of the last {@link #solveExact} (see {@link NormalEquations#lastFactor}). */
    CholeskyFactor lastFactor() {
        return equations.lastFactor();
    }

    /**
     * {@code steps} conjugate-gradient steps on the same system, starting from the current {@code x[xo..xo+k)}
     * and writing the improved solution back (Takács, Pilászy and Tikk 2011). The matrix is never formed:
     * A·v = YᵀY·v + λv + Σ (c_j − 1)(y_j·v) y_j.
     */
    void solveConjugateGradient(double[] gram, float[] y, int[] idx, float[] ratings, int from, int to,
                                ImplicitAlsConfig config, float[] x, int xo, int steps) {
        int n = to - from;
        double[] c = confidences(ratings, from, to, config);
        double lambda = config.lambda();
        for (int f = 0; f < k; f++) {
            xs[f] = x[xo + f];
        }
        // r = b − A x = −(YᵀY + λI) x + Σ (c_j − (c_j − 1)(y_j·x)) y_j
        multiply(gram, xs, r);
        for (int f = 0; f < k; f++) {
            r[f] = -r[f] - lambda * xs[f];
        }
        for (int j = 0; j < n; j++) {
            int o = idx[from + j] * k;
            double s = dot(y, o, xs);
            double w = c[j] - (c[j] - 1) * s;
            for (int f = 0; f < k; f++) {
                r[f] += w * y[o + f];
            }
        }
        System.arraycopy(r, 0, p, 0, k);
        double rs = dot(r, r);
        for (int step = 0; step < steps && rs > 1e-20; step++) {
            multiply(gram, p, ap);
            for (int f = 0; f < k; f++) {
                ap[f] += lambda * p[f];
            }
            for (int j = 0; j < n; j++) {
                int o = idx[from + j] * k;
                double w = (c[j] - 1) * dot(y, o, p);
                for (int f = 0; f < k; f++) {
                    ap[f] += w * y[o + f];
                }
            }
            double length = rs / dot(p, ap);
            for (int f = 0; f < k; f++) {
                xs[f] += length * p[f];
                r[f] -= length * ap[f];
            }
            double rsNew = dot(r, r);
            double beta = rsNew / rs;
            for (int f = 0; f < k; f++) {
                p[f] = r[f] + beta * p[f];
            }
            rs = rsNew;
        }
        for (int f = 0; f < k; f++) {
            x[xo + f] = (float) xs[f];
        }
    }

    /**
     * The row's share of the training loss over all of its cells, observed or not, without regularisation:
     * <pre>  xᵀ(YᵀY)x + Σ_{j∈I} [c_j (1 − s_j)² − s_j²],  s_j = x·y_j</pre>
     * (Σ over unobserved cells of s² equals xᵀYᵀYx minus the observed s²).
     *
     * @param gram YᵀY without λ
     */
    double loss(double[] gram, float[] y, int[] idx, float[] ratings, int from, int to, ImplicitAlsConfig config,
                float[] x, int xo) {
        for (int f = 0; f < k; f++) {
            xs[f] = x[xo + f];
        }
        multiply(gram, xs, r);
        double loss = dot(xs, r);
        for (int e = from; e < to; e++) {
            double s = dot(y, idx[e] * k, xs);
            double c = config.confidence(ratings[e]);
            loss += c * (1 - s) * (1 - s) - s * s;
        }
        return loss;
    }

    private double[] confidences(float[] ratings, int from, int to, ImplicitAlsConfig config) {
        int n = to - from;
        if (conf.length < n) {
            conf = new double[Math.max(n, 2 * conf.length)];
        }
        for (int j = 0; j < n; j++) {
            conf[j] = config.confidence(ratings[from + j]);
        }
        return conf;
    }

    private void multiply(double[] m, double[] v, double[] out) {
        for (int row = 0; row < k; row++) {
            double s = 0;
            int base = row * k;
            for (int c = 0; c < k; c++) {
                s += m[base + c] * v[c];
            }
            out[row] = s;
        }
    }

    private double dot(float[] y, int o, double[] v) {
        double s = 0;
        for (int f = 0; f < k; f++) {
            s += y[o + f] * v[f];
        }
        return s;
    }

    private double dot(double[] u, double[] v) {
        double s = 0;
        for (int f = 0; f < k; f++) {
            s += u[f] * v[f];
        }
        return s;
    }
}
