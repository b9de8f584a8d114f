package dev.latent.factorization;

/**
 * Why an item scores what it scores for a user: the share of each of the user's rated items in it.
 *
 * <p>A user factor solved by a ridge row solve is linear in the user's own observations:
 * <pre>
 *   x_u = A_u⁻¹ Σ_j w_j y_j,   A_u = B + Σ_j g_j y_j y_jᵀ + λI
 * </pre>
 * so the factor part of the score of item i splits into one term per rated item j,
 * <pre>
 *   y_iᵀ x_u = Σ_j w_j · y_iᵀ A_u⁻¹ y_j.
 * </pre>
 * For implicit ALS (Hu, Koren and Volinsky 2008, §5) B = YᵀY, g_j = c_uj − 1 and w_j = c_uj (preference 1):
 * the term of j is s_ij^u c_uj with the user-specific similarity s_ij^u = y_iᵀ W^u y_j, W^u = A_u⁻¹. For the
 * explicit rating model B = 0, g_j = 1 and w_j is the residual rating r_uj − μ − b_u − b_j, with λ as the
 * rating solve uses it (λ·n_u when weighted): the decomposition of the factor part of a ridge solve given the
 * user's bias.
 *
 * <p>The work splits in two. {@link #system} builds A_u and factorises it, A_u = L Lᵀ: O(n k²/2 + k³/3) for n
 * rated items, with the training's own kernel ({@link NormalEquations}: the upper triangle, eight rated items
 * per pass, then EJML's Cholesky), so for the same items and weights it is bit for bit the factor the implicit
 * fold-in solved the user with ({@link ImplicitFoldIn#userFactorsAndSystem}). {@link #contributions} then costs
 * O(m (2k² + n k)) for m explained items (two triangular solves and n dot products each, every inner loop
 * over whole arrays so that the JIT vectorises it). The factor depends
 * on the user's rated items and Gram weights only, not on the targets, so a caller may keep it for the next
 * request of the same user. Not thread-safe: one instance per thread (the workspaces are reused).
 */
public final class Explanations {

    private final int k;
    private final NormalEquations equations;
    private final CholeskyFactor.Solver solver;
    /** Workspaces, grown and reused: V (one vector of k per target), R (one row of n per factor), S (n). */
    private double[][] v = new double[0][];
    private double[][] r;
    private double[] s = new double[0];
    private double[] s2 = new double[0];
    private final double[] zero;

    public int rank() {
        return k;
    }

    public Explanations(int rank) {
        this.k = rank;
        this.equations = new NormalEquations(rank, false);
        this.solver = new CholeskyFactor.Solver(rank);
        this.r = new double[rank][0];
        this.zero = new double[rank];
    }

    /**
     * Builds and factorises A_u = B + Σ_j g_j y_j y_jᵀ + λI over the rated items {@code rated[0..n)}.
     *
     * @param y          item factors, row-major, {@code k} per item
     * @param base       B as a row-major k × k matrix (YᵀY; its upper triangle is read), or null for 0
     * @param gramWeight g_j per rated item
     * @param weight     w_j per rated item (accumulated on the right-hand side as the row solve does; unused)
     * @throws ArithmeticException when A_u is not positive definite
     */
    public CholeskyFactor system(float[] y, double[] base, double lambda, int[] rated, float[] gramWeight,
                                 float[] weight, int n) {
        if (base == null) {
            equations.clear();
        } else {
            equations.clear(base);
        }
        equations.addRows(y, rated, 0, n, gramWeight, weight);
        equations.regularize(lambda, 0);
        CholeskyFactor l = equations.factor();
        if (l == null) {
            throw new ArithmeticException("the user's row system is not positive definite (λ = " + lambda + ")");
        }
        return l;
    }

    /**
     * The contributions of the rated items to each target: {@code out[t * n + j]} = w_j · y_tᵀ A_u⁻¹ y_j, the
     * term of rated item {@code rated[j]} in the score of {@code targets[t]}, with A_u given by its factor.
     * The same factor gives the same terms bit for bit, however it was obtained: v_t = A_u⁻¹ y_t by the
     * factor's two substitutions, then s_tj = Σ_f v_tf y_jf accumulated in the order of f from 0, then
     * (float) (w_j s_tj).
     *
     * <p>Every inner loop runs over whole arrays at equal indices (the solver's rows and columns of L, one row
     * of R = [y_j]ᵀ per factor), the form the JIT vectorises; over a flat array at an offset it does not (a
     * micro-benchmark at k = 64, ten targets and 106 rated items, ML-100K's mean: about 1.7 × faster than the
     * row-major V and R of before, the same terms bit for bit). The sums s_tj take two targets and four
     * factors a pass over R (each s_tj still adds its products in the order of f from 0, one statement per
     * four): each row of R is read once for two targets and each s_tj loaded and stored once per four
     * factors (ML-100K's model, ten targets: about 8 % less time than one target a pass).
     */
    public float[] contributions(CholeskyFactor system, float[] y, int[] rated, float[] weight, int n, int[] targets,
                                 int m) {
        if (system.rank() != k) {
            throw new IllegalArgumentException("factor of rank " + system.rank() + " for a workspace of rank " + k);
        }
        if (v.length < m) {
            double[][] grown = java.util.Arrays.copyOf(v, Math.max(m, 2 * v.length));
            for (int t = v.length; t < grown.length; t++) {
                grown[t] = new double[k];
            }
            v = grown;
        }
        for (int t = 0; t < m; t++) {
            double[] vt = v[t];
            int ot = targets[t] * k;
            for (int f = 0; f < k; f++) {
                vt[f] = y[ot + f];
            }
        }
        solver.solve(system, v, m);
        if (s.length < n) {
            int cap = Math.max(n, 2 * s.length);
            for (int f = 0; f < k; f++) {
                r[f] = new double[cap];
            }
            s = new double[cap];
            s2 = new double[cap];
        }
        double[][] r = this.r;
        for (int f = 0; f < k; f++) { // by rows of R: each written in order (the rated rows stay in the cache)
            double[] rf = r[f];
            for (int j = 0; j < n; j++) {
                rf[j] = y[rated[j] * k + f];
            }
        }
        double[] s = this.s;
        double[] s2 = this.s2;
        float[] out = new float[m * n];
        for (int t = 0; t < m; t += 2) { // two targets a pass over R
            double[] vt = v[t];
            double[] wt = t + 1 < m ? v[t + 1] : zero;
            java.util.Arrays.fill(s, 0, n, 0.0);
            java.util.Arrays.fill(s2, 0, n, 0.0);
            int f = 0;
            for (; f + 3 < k; f += 4) { // four factors a pass: s_j + a r0_j + b r1_j + ..., left to right
                double a = vt[f];
                double b = vt[f + 1];
                double c = vt[f + 2];
                double d = vt[f + 3];
                double a2 = wt[f];
                double b2 = wt[f + 1];
                double c2 = wt[f + 2];
                double d2 = wt[f + 3];
                double[] r0 = r[f];
                double[] r1 = r[f + 1];
                double[] r2 = r[f + 2];
                double[] r3 = r[f + 3];
                for (int j = 0; j < n; j++) {
                    double x0 = r0[j];
                    double x1 = r1[j];
                    double x2 = r2[j];
                    double x3 = r3[j];
                    s[j] = s[j] + a * x0 + b * x1 + c * x2 + d * x3;
                    s2[j] = s2[j] + a2 * x0 + b2 * x1 + c2 * x2 + d2 * x3;
                }
            }
            for (; f < k; f++) {
                double vf = vt[f];
                double wf = wt[f];
                double[] rf = r[f];
                for (int j = 0; j < n; j++) {
                    s[j] += vf * rf[j];
                    s2[j] += wf * rf[j];
                }
            }
            int o = t * n;
            for (int j = 0; j < n; j++) {
                out[o + j] = (float) (weight[j] * s[j]);
            }
            if (t + 1 < m) {
                for (int j = 0; j < n; j++) {
                    out[o + n + j] = (float) (weight[j] * s2[j]);
                }
            }
        }
        return out;
    }

    /** {@link #system} and {@link #contributions} in one call, for a caller that does not keep the factor. */
    public float[] contributions(float[] y, double[] base, double lambda, int[] rated, float[] gramWeight,
                                 float[] weight, int n, int[] targets, int m) {
        return contributions(system(y, base, lambda, rated, gramWeight, weight, n), y, rated, weight, n, targets, m);
    }
}
