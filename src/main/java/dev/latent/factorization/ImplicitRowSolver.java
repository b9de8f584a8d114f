package dev.latent.factorization;

/**
 * Solves one row of implicit ALS against fixed factors of the other side — the one code path shared by
 * training and fold-in. For a row with observed cells j ∈ I (other-side vectors y_j, confidences c_j) it
 * solves
 * <pre>  (G + Σ_{j∈I} (c_j − 1) y_j y_jᵀ) x = Σ_{j∈I} c_j y_j,   G = YᵀY + λI</pre>
 * where G (k × k, symmetric positive definite when λ > 0) is computed once per sweep by the caller. The
 * unobserved cells (preference 0, confidence 1) are all carried by YᵀY, so the cost is O(|I| k² + k³) for
 * the exact solve and O(steps (k² + |I| k)) for conjugate gradient, never O(other side).
 *
 * <p>A solver is a workspace for one thread; it is not thread-safe. Arithmetic is in double, factors are
 * float.
 */
final class ImplicitRowSolver {

    private final int k;
    private final double[] a;
    private final double[] b;
    private final double[] r;
    private final double[] p;
    private final double[] ap;
    private double[] conf = new double[64];

    ImplicitRowSolver(int k) {
        this.k = k;
        this.a = new double[k * k];
        this.b = new double[k];
        this.r = new double[k];
        this.p = new double[k];
        this.ap = new double[k];
    }

    /**
     * Exact solve by Cholesky. Cells {@code [from, to)} of {@code idx}/{@code ratings} name the other-side rows
     * (in {@code y}, row-major rank k) and ratings; the result goes to {@code x[xo .. xo+k)}.
     *
     * @param gram G = YᵀY + λI, full k × k row-major; must be positive definite
     */
    void solveExact(double[] gram, float[] y, int[] idx, float[] ratings, int from, int to,
                    ImplicitAlsConfig config, float[] x, int xo) {
        int n = to - from;
        double[] c = confidences(ratings, from, to, config);
        System.arraycopy(gram, 0, a, 0, k * k);
        java.util.Arrays.fill(b, 0);
        for (int j = 0; j < n; j++) {
            c[j] -= 1; // weight of the outer product is c − 1; b gets c
        }
        addWeightedOuter(a, k, y, idx, from, c, n);
        for (int j = 0; j < n; j++) {
            double cj = c[j] + 1;
            int o = idx[from + j] * k;
            for (int f = 0; f < k; f++) {
                b[f] += cj * y[o + f];
            }
        }
        choleskyUpper(a, k);
        solveUpper(a, k, b);
        for (int f = 0; f < k; f++) {
            x[xo + f] = (float) b[f];
        }
    }

    /**
     * {@code steps} conjugate-gradient steps on the same system, starting from the current {@code x[xo..xo+k)}
     * and writing the improved solution back (Takács, Pilászy and Tikk 2011). The matrix is never formed:
     * A·v = G·v + Σ (c_j − 1)(y_j·v) y_j.
     */
    void solveConjugateGradient(double[] gram, float[] y, int[] idx, float[] ratings, int from, int to,
                                ImplicitAlsConfig config, float[] x, int xo, int steps) {
        int n = to - from;
        double[] c = confidences(ratings, from, to, config);
        double[] xs = b;
        for (int f = 0; f < k; f++) {
            xs[f] = x[xo + f];
        }
        // r = b − A x = −G x + Σ (c_j − (c_j − 1)(y_j·x)) y_j
        multiply(gram, xs, r);
        for (int f = 0; f < k; f++) {
            r[f] = -r[f];
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
            for (int j = 0; j < n; j++) {
                int o = idx[from + j] * k;
                double w = (c[j] - 1) * dot(y, o, p);
                for (int f = 0; f < k; f++) {
                    ap[f] += w * y[o + f];
                }
            }
            double step_ = rs / dot(p, ap);
            for (int f = 0; f < k; f++) {
                xs[f] += step_ * p[f];
                r[f] -= step_ * ap[f];
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
     * The row's share of the training loss over all of its cells, observed or not:
     * <pre>  xᵀ(YᵀY)x + Σ_{j∈I} [c_j (1 − s_j)² − s_j²],  s_j = x·y_j</pre>
     * (Σ over unobserved cells of s² equals xᵀYᵀYx minus the observed s²).
     *
     * @param gram0 YᵀY without λ
     */
    double loss(double[] gram0, float[] y, int[] idx, float[] ratings, int from, int to, ImplicitAlsConfig config,
                float[] x, int xo) {
        double[] xs = b;
        for (int f = 0; f < k; f++) {
            xs[f] = x[xo + f];
        }
        multiply(gram0, xs, r);
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

    /**
     * Upper triangle of a += Σ_j w_j y_j y_jᵀ over the rows {@code idx[from + j]} of {@code y} (j &lt; n), four
     * vectors per pass so each element of {@code a} is loaded and stored once per four updates. Cost n k²
     * flops (k(k+1)/2 multiply-adds per vector). Only the upper triangle (column ≥ row) is written.
     */
    static void addWeightedOuter(double[] a, int k, float[] y, int[] idx, int from, double[] w, int n) {
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            int o0 = idx[from + j] * k;
            int o1 = idx[from + j + 1] * k;
            int o2 = idx[from + j + 2] * k;
            int o3 = idx[from + j + 3] * k;
            double w0 = w[j];
            double w1 = w[j + 1];
            double w2 = w[j + 2];
            double w3 = w[j + 3];
            for (int row = 0; row < k; row++) {
                double a0 = w0 * y[o0 + row];
                double a1 = w1 * y[o1 + row];
                double a2 = w2 * y[o2 + row];
                double a3 = w3 * y[o3 + row];
                int base = row * k;
                for (int col = row; col < k; col++) {
                    a[base + col] += a0 * y[o0 + col] + a1 * y[o1 + col] + a2 * y[o2 + col] + a3 * y[o3 + col];
                }
            }
        }
        for (; j < n; j++) {
            int o = idx[from + j] * k;
            double wj = w[j];
            for (int row = 0; row < k; row++) {
                double a0 = wj * y[o + row];
                int base = row * k;
                for (int col = row; col < k; col++) {
                    a[base + col] += a0 * y[o + col];
                }
            }
        }
    }

    /**
     * In-place Cholesky factorisation A = UᵀU of the upper triangle of a symmetric positive definite k × k
     * matrix (row-major; the strict lower triangle is ignored). Right-looking, k³/3 multiply-adds, inner loops
     * over contiguous rows.
     *
     * @throws ArithmeticException if A is not positive definite
     */
    static void choleskyUpper(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            int jj = j * k;
            double d = a[jj + j];
            if (!(d > 0)) {
                throw new ArithmeticException("matrix is not positive definite (pivot " + j + " = " + d + ")");
            }
            d = Math.sqrt(d);
            a[jj + j] = d;
            double inv = 1 / d;
            for (int c = j + 1; c < k; c++) {
                a[jj + c] *= inv;
            }
            for (int row = j + 1; row < k; row++) {
                double f = a[jj + row];
                int rr = row * k;
                for (int c = row; c < k; c++) {
                    a[rr + c] -= f * a[jj + c];
                }
            }
        }
    }

    /** Solves UᵀU x = b in place in {@code b} given the factor U from {@link #choleskyUpper}. O(k²). */
    static void solveUpper(double[] u, int k, double[] b) {
        for (int j = 0; j < k; j++) {
            int jj = j * k;
            double z = b[j] / u[jj + j];
            b[j] = z;
            for (int c = j + 1; c < k; c++) {
                b[c] -= u[jj + c] * z;
            }
        }
        for (int j = k - 1; j >= 0; j--) {
            int jj = j * k;
            double s = b[j];
            for (int c = j + 1; c < k; c++) {
                s -= u[jj + c] * b[c];
            }
            b[j] = s / u[jj + j];
        }
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
